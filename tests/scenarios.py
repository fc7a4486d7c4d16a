"""Small scenarios for tests, written as a trainer would write them."""

from xblocks.interview_simulation.olx import scenario_from_xml

TWO_STEP = """
<interview_simulation display_name="Test" max_attempts="2" feedback_mode="immediate" weight="1.0">
  <persona name="Nadia M." age="34" public="demandeur_emploi_longue_duree">Sans emploi.</persona>
  <flag id="cadre" kind="milestone">Cadre posé</flag>
  <flag id="logement" kind="urgency" cap="0.5">Menace d'expulsion</flag>
  <flag id="mobilite" kind="barrier">Pas de véhicule</flag>
  <node id="n1" phase="accueil">
    <context>Elle s'assoit.</context>
    <say>Bonjour.</say>
    <choice id="a" next="n2">
      <text>Bienvenue, je vous présente le cadre.</text>
      <feedback>Cadre posé.</feedback>
      <points capacity="B1.1">2</points>
      <set flag="cadre"/>
    </choice>
    <choice id="b" next="n2">
      <text>Votre numéro de dossier ?</text>
      <feedback>Trop administratif.</feedback>
    </choice>
  </node>
  <node id="n2" phase="diagnostic">
    <say>J'ai reçu une lettre du bailleur.</say>
    <choice id="c" next="n3">
      <text>Une lettre ? Dites-m'en plus.</text>
      <feedback>Urgence repérée.</feedback>
      <points capacity="B1.5">3</points>
      <set flag="logement"/>
    </choice>
    <choice id="d" next="n3">
      <text>Parlons de votre projet.</text>
      <feedback>Signal manqué.</feedback>
      <points capacity="B2.4">1</points>
    </choice>
  </node>
  <node id="n3" phase="contractualisation">
    <say>Et maintenant ?</say>
    <choice id="e" next="e_relais" requires="cadre">
      <text>J'appelle le CCAS avec vous.</text>
      <feedback>Relais accompagné.</feedback>
      <points capacity="B2.8">2</points>
    </choice>
    <choice id="f" next="e_fin">
      <text>On se revoit dans un mois.</text>
      <feedback>Sans suite.</feedback>
    </choice>
  </node>
  <ending id="e_relais" requires="logement">
    <title>Urgence traitée</title>
    <debrief>Bravo.</debrief>
  </ending>
  <ending id="e_fin">
    <title>Fin</title>
    <debrief>À revoir.</debrief>
  </ending>
</interview_simulation>
"""


# The same scenario as Studio's editor shows it: the settings are the form's, not the root's.
TWO_STEP_EDITED = TWO_STEP.replace(
    '<interview_simulation display_name="Test" max_attempts="2" feedback_mode="immediate" '
    'weight="1.0">',
    "<interview_simulation>\n  <!-- relu par la formatrice -->",
)


def two_step():
    return scenario_from_xml(TWO_STEP)
