"""A small workshop brief the tests share: two constraints, a deliverable and an indicator, the
seven checks with their default weights, a three-criterion rubric and a worked example that
passes every check."""

from __future__ import annotations

import copy

from xblocks.workshop_design import olx

SMALL_XML = """<workshop_design url_name="atelier_test" display_name="Atelier CV" max_attempts="2"
    weight="4.0">
  <brief title="Atelier CV pour demandeurs d’emploi">
    <commissioner kind="france_travail">France Travail, agence de test</commissioner>
    <public size_min="6" size_max="10">
      <profile>Demandeurs d’emploi de longue durée, peu à l’aise avec l’écrit.</profile>
      <constraint id="lecture" kind="reading">Niveau de lecture hétérogène.</constraint>
      <constraint id="garde" kind="childcare">Plusieurs parents seuls avec de jeunes
        enfants.</constraint>
    </public>
    <need>Chaque participant repart avec un CV à jour.</need>
    <outcome id="cv">Un CV par participant.</outcome>
    <duration minutes="360" tolerance="30" sessions="2">Deux demi-journées.</duration>
    <deliverable id="deroule">Le déroulé pédagogique.</deliverable>
    <indicator id="presence">Le taux de présence.</indicator>
  </brief>
  <rubric>
    <criterion id="objectifs" label="Objectifs" capacities="B4.1">
      <prompt>Des objectifs observables.</prompt>
      <level points="0" label="Absent"/>
      <level points="1" label="Partiel"/>
      <level points="2" label="Conforme"/>
    </criterion>
    <criterion id="methodes" label="Méthodes" capacities="B4.6">
      <prompt>Des méthodes actives.</prompt>
      <level points="0" label="Absent"/>
      <level points="2" label="Conforme"/>
      <level points="4" label="Expert"/>
      <notes>Pour les correcteurs seulement.</notes>
    </criterion>
    <criterion id="bilan" label="Bilan" capacities="B4.4">
      <prompt>Le bilan et ses indicateurs.</prompt>
      <level points="0" label="Absent"/>
      <level points="2" label="Conforme"/>
    </criterion>
  </rubric>
  <example>
    <goal>Rédiger un CV adapté au métier visé.</goal>
    <objective id="o1">Identifier ses compétences à partir de ses expériences.</objective>
    <objective id="o2">Rédiger un CV lisible pour un métier visé.</objective>
    <sequence id="s1" method="tour_de_table" minutes="30" objectives="o1">
      <title>Accueil et attentes</title>
    </sequence>
    <sequence id="s2" method="sous_groupes" minutes="90" objectives="o1">
      <title>Des expériences aux compétences</title>
    </sequence>
    <sequence id="s3" method="atelier_poste" minutes="180" objectives="o2">
      <title>Rédaction du CV sur poste</title>
      <access>Modèles de CV en gros caractères, lecture à voix haute des consignes.</access>
    </sequence>
    <sequence id="s4" method="jeu_de_role" minutes="60" objectives="o2">
      <title>Présenter son CV à un recruteur</title>
    </sequence>
    <evaluation id="e1" kind="diagnostic" objectives="o1">Questionnaire de départ.</evaluation>
    <evaluation id="e2" kind="final" objectives="o1 o2">Le CV rédigé, relu avec une
      grille.</evaluation>
    <evaluation id="e3" kind="satisfaction">Questionnaire de satisfaction à chaud.</evaluation>
    <answer to="constraint" id="lecture">Consignes lues à voix haute, supports illustrés.</answer>
    <answer to="constraint" id="garde">Séances de 9 h 30 à 12 h, après l’école.</answer>
    <answer to="deliverable" id="deroule">Le déroulé remis au commanditaire avant la
      session.</answer>
    <answer to="indicator" id="presence">Feuille d’émargement par demi-journée.</answer>
    <report>Présence, CV produits, satisfaction, suites de parcours proposées.</report>
  </example>
</workshop_design>
"""


def small_workshop():
    return olx.workshop_from_xml(SMALL_XML)


def good_plan(workshop) -> dict:
    """A copy of the worked example (which passes every check)."""
    return copy.deepcopy(workshop.example)
