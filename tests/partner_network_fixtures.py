"""Small partner networks for tests, written as a trainer would write them (an example
territory: its figures are plausible, not the course's sourced ones)."""

from xblocks.partner_network import engine
from xblocks.partner_network.olx import network_from_xml

SMALL_MAP = """
<partner_network display_name="Réseau du PLIE" max_attempts="2" weight="1.0">
  <territory name="Agglomération d'exemple">
    <profile>Une agglomération industrielle en reconversion, bien desservie par le train.</profile>
    <indicator id="population" label="Population" date="2021" source="INSEE, recensement 2021">
      182 000 habitants
    </indicator>
    <indicator id="chomage" label="Taux de chômage" date="T4 2024"
               source="INSEE, taux de chômage localisés">9,1 %</indicator>
    <indicator id="deld" label="Part des demandeurs d'emploi de longue durée" date="2024"
               source="France Travail, STMT">52 %</indicator>
    <indicator id="bmo" label="Métiers les plus recherchés" date="2025"
               source="France Travail, enquête BMO 2025">
      aides-soignants, agents d'entretien, cuisiniers
    </indicator>
  </territory>
  <structure id="plie" name="PLIE de l'agglomération" kind="plie">
    Votre structure : un référent unique pour des personnes éloignées de l'emploi.
  </structure>
  <relation_type id="orientation" label="Orientation ou prescription">
    Une structure adresse une personne à une autre.
  </relation_type>
  <relation_type id="co_accompagnement" label="Co-accompagnement">
    Deux structures suivent ensemble une même personne.
  </relation_type>
  <relation_type id="financement" label="Financement">
    Une structure finance tout ou partie de l'action d'une autre.
  </relation_type>
  <relation_type id="convention" label="Convention">
    Un accord écrit fixe les engagements de chacun.
  </relation_type>
  <partner id="ft" name="France Travail, agence centre" kind="france_travail"
           domains="emploi formation">
    <mission>Inscription, indemnisation et accompagnement des demandeurs d'emploi.</mission>
    <public>Toute personne qui cherche un emploi.</public>
    <funding>État et Unédic.</funding>
    <contact>Conseiller référent entreprise, 3949.</contact>
  </partner>
  <partner id="ml" name="Mission locale du bassin" kind="mission_locale"
           domains="emploi formation social">
    <mission>Accompagnement global des jeunes, CEJ et PACEA.</mission>
    <public>Jeunes de 16 à 25 ans.</public>
  </partner>
  <partner id="ccas" name="CCAS de la ville-centre" kind="ccas" domains="social logement">
    <mission>Aides facultatives, domiciliation, aide d'urgence.</mission>
  </partner>
  <partner id="siao" name="SIAO départemental" kind="siao" domains="logement" points="2">
    <mission>Orientation vers l'hébergement d'urgence et d'insertion.</mission>
    <contact>115</contact>
  </partner>
  <partner id="aci" name="Les Jardins de l'Essor" kind="aci" domains="emploi">
    <mission>Atelier et chantier d'insertion en maraîchage biologique.</mission>
    <funding>État (aide au poste), Département.</funding>
  </partner>
  <partner id="csapa" name="CSAPA Le Passage" kind="csapa" domains="sante">
    <mission>Soins et accompagnement des addictions.</mission>
  </partner>
  <map capacities="B3.6 B2.8">
    <relation id="r1" from="plie" to="ft" type="orientation" direction="two_way" strength="strong">
      Orientation réciproque des participants.
    </relation>
    <relation id="r2" from="plie" to="aci" type="orientation" strength="strong">
      Le PLIE oriente vers l'IAE.
    </relation>
    <relation id="r3" from="ccas" to="siao" type="orientation">Le CCAS saisit le SIAO.</relation>
    <relation id="r4" from="plie" to="ccas" type="co_accompagnement" direction="two_way"
              tension="true" capacities="B3.4">Suivi commun, secret partagé à cadrer.</relation>
    <relation id="r5" from="plie" to="csapa" type="orientation" strength="tenuous">
      Orientation rare.
    </relation>
    <relation id="r6" from="ml" to="ft" type="convention" direction="two_way" strength="strong">
      Partenariat renforcé.
    </relation>
  </map>
  <questions capacities="B3.2 B3.3">
    <question id="q_public">
      <prompt>Quel public est sur-représenté parmi les demandeurs d'emploi du territoire ?</prompt>
      <option correct="true">Les personnes au chômage depuis plus d'un an</option>
      <option>Les cadres en reconversion volontaire</option>
      <option>Les saisonniers du tourisme de montagne</option>
      <feedback>Plus de la moitié des inscrits le sont depuis plus d'un an.</feedback>
    </question>
    <question id="q_metiers" select="many" capacities="B3.3" points="2">
      <prompt>Quels métiers l'enquête BMO place-t-elle parmi les plus recherchés ?</prompt>
      <option correct="true">Aides-soignants</option>
      <option correct="true">Agents d'entretien</option>
      <option>Pilotes de ligne</option>
      <option>Notaires</option>
    </question>
  </questions>
  <strategies capacities="B3.1">
    <strategy id="st_aci" partner="aci">
      <expects>
        <option correct="true">Des candidats dont l'éligibilité IAE est validée</option>
        <option correct="true">Un suivi social pendant le contrat</option>
        <option>Des candidats déjà diplômés en horticulture</option>
        <option>Un financement de ses postes par votre structure</option>
      </expects>
      <offers>
        <option correct="true">Un CDDI avec un accompagnement socioprofessionnel</option>
        <option>Un CDI dès le premier jour de travail</option>
        <option>Une formation diplômante de deux années</option>
      </offers>
    </strategy>
  </strategies>
  <situations capacities="B2.8 B3.6">
    <situation id="sit_nadia" title="Nadia, 38 ans" cap="0.5" points="2">
      <text>
        Nadia, 38 ans, au RSA, a reçu un commandement de payer ses loyers en retard ; elle veut
        reprendre un emploi.
      </text>
      <mobilise partner="ccas" urgent="true"/>
      <mobilise partner="ft"/>
      <feedback>Le logement d'abord : six semaines pour agir.</feedback>
    </situation>
    <situation id="sit_karim" title="Karim, 52 ans">
      <text>
        Karim, 52 ans, ancien cariste sans emploi depuis deux ans, dit boire davantage depuis son
        licenciement.
      </text>
      <mobilise partner="aci"/>
      <mobilise partner="csapa"/>
    </situation>
  </situations>
</partner_network>
"""


def small_network():
    return network_from_xml(SMALL_MAP)


def perfect_state(network: engine.Network) -> dict:
    """The draft that gives every reference answer, built through the learner actions."""
    state = engine.new_state(network)
    for action in perfect_actions(network):
        state = engine.apply(
            network, state, {**action, "at": engine.position(state)}, max_attempts=0
        )
    return state


def perfect_actions(network: engine.Network, seed: str = "") -> list[dict]:
    actions = []
    if network.map:
        for partner in network.partners:
            actions.append(
                {"type": "place", "partner": partner.id, "domains": list(partner.domains)}
            )
        for r in network.map.relations:
            actions.append(
                {
                    "type": "relate",
                    "from": r.source,
                    "to": r.target,
                    "relation": r.type,
                    "two_way": r.direction == "two_way",
                }
            )
    for index, (question_id, part, choices, _shuffle) in enumerate(network.choice_lists):
        order = engine.shown_options(network, index, seed, 1)
        tokens = [str(place) for place, i in enumerate(order) if choices.options[i].correct]
        actions.append({"type": "answer", "question": question_id, "part": part, "options": tokens})
    for situation in network.situation_items:
        urgent = [m.partner for m in situation.mobilise if m.urgent]
        actions.append(
            {
                "type": "decide",
                "situation": situation.id,
                "partners": [m.partner for m in situation.mobilise],
                "first": urgent[0] if urgent else None,
            }
        )
    return actions


def large_network(partners: int = 40, relations: int = 60, situations: int = 4) -> engine.Network:
    """A map at the engine's bounds: `partners` partners, `relations` reference relations,
    twelve relation types, six questions of eight options, three strategies, `situations`
    situations that each mobilise six partners."""
    small, _settings = small_network()
    types = tuple(engine.RelationType(f"t{i}", f"Type {i}") for i in range(12))
    cards = tuple(
        engine.PartnerCard(f"p{i}", f"Partenaire {i}", "association", ("emploi", "social"))
        for i in range(partners)
    )
    nodes = ["plie", *(c.id for c in cards)]
    pairs = [(a, b) for a in range(len(nodes)) for b in range(a + 1, len(nodes))][:relations]
    refs = tuple(
        engine.Relation(f"r{i}", nodes[a], nodes[b], f"t{i % 12}") for i, (a, b) in enumerate(pairs)
    )
    options = engine.ChoiceList(
        tuple(engine.Option(f"Option {i}", i < 3) for i in range(engine.MAX_OPTIONS)), "many"
    )
    questions = tuple(engine.Question(f"q{i}", f"Question {i} ?", options) for i in range(6))
    strategies = tuple(
        engine.Strategy(f"s{i}", cards[i].id, expects=options, offers=options) for i in range(3)
    )
    chosen = tuple(engine.Mobilise(c.id, i == 0) for i, c in enumerate(cards[:6]))
    return engine.Network(
        structure=small.structure,
        relation_types=types,
        partners=cards,
        territory=small.territory,
        map=engine.MapTask(("B3.6",), refs),
        questions=engine.QuestionsTask(("B3.2",), questions),
        strategies=engine.StrategiesTask(("B3.1",), strategies),
        situations=engine.SituationsTask(
            ("B2.8",),
            tuple(
                engine.Situation(f"sit{i}", f"Situation {i}", "Une situation.", chosen, 0.5)
                for i in range(situations)
            ),
        ),
    )
