"""Every string the partner network map shows, in English, marked for translation.

`MAP_UI` is sent translated to the page, as the interview's `UI` is. It also holds the labels
every part of the partner network page needs (domains, kinds of partner, strengths and
directions of a tie), so that the map, the list view and the results name a thing alike.
Templates use `{name}` placeholders, filled in by the front-end.
"""

from __future__ import annotations

from xblocks.common.i18n import gettext_noop as _

DOMAIN_LABELS = {
    "domain.emploi": _("Employment"),
    "domain.formation": _("Training"),
    "domain.social": _("Social support"),
    "domain.sante": _("Health"),
    "domain.logement": _("Housing"),
    "domain.mobilite": _("Mobility"),
    "domain.garde_enfants": _("Childcare"),
    "domain.langue_numerique": _("Language and digital skills"),
    "domain.handicap": _("Disability"),
    "domain.justice": _("Justice"),
    "domain.entreprises": _("Employers"),
}

# French structures keep their French names (the learner meets them under these names); the
# English says what they are for.
KIND_LABELS = {
    "kind.france_travail": _("France Travail"),
    "kind.mission_locale": _("Mission locale (young people 16–25)"),
    "kind.cap_emploi": _("Cap emploi (employment of disabled people)"),
    "kind.apec": _("Apec (managers and graduates)"),
    "kind.plie": _("PLIE (local plan for inclusion and employment)"),
    "kind.maison_emploi": _("Maison de l'emploi"),
    "kind.aci": _("ACI (integration workshop and worksite)"),
    "kind.ei": _("EI (work integration enterprise)"),
    "kind.etti": _("ETTI (temporary work integration agency)"),
    "kind.ai": _("AI (intermediary association)"),
    "kind.eiti": _("EITI (self-employment integration enterprise)"),
    "kind.geiq": _("GEIQ (employers' group for integration and qualification)"),
    "kind.entreprise_adaptee": _("Entreprise adaptée (adapted enterprise)"),
    "kind.esat": _("ESAT (sheltered work establishment)"),
    "kind.employeur": _("Employer"),
    "kind.groupement_employeurs": _("Employers' group"),
    "kind.chambre_consulaire": _("Chamber of commerce, trades or agriculture"),
    "kind.region": _("Regional council (Région)"),
    "kind.opco": _("OPCO (skills operator)"),
    "kind.carif_oref": _("Carif-Oref (regional training observatory)"),
    "kind.organisme_formation": _("Training provider"),
    "kind.e2c": _("E2C (second chance school)"),
    "kind.epide": _("Epide (public integration and employment establishment)"),
    "kind.cio": _("CIO (information and guidance centre)"),
    "kind.cite_metiers": _("Cité des métiers"),
    "kind.france_vae": _("France VAE (accreditation of prior learning)"),
    "kind.etat": _("State services (DDETS, prefecture)"),
    "kind.conseil_departemental": _("Departmental council (Département)"),
    "kind.commune": _("Municipality"),
    "kind.ccas": _("CCAS (municipal social action centre)"),
    "kind.caf": _("CAF (family allowance fund)"),
    "kind.cpam": _("CPAM (health insurance fund)"),
    "kind.france_services": _("France Services"),
    "kind.udaf": _("UDAF (union of family associations)"),
    "kind.pass": _("PASS (hospital health care access unit)"),
    "kind.cmp": _("CMP (mental health centre)"),
    "kind.csapa": _("CSAPA (addiction care centre)"),
    "kind.mdph": _("MDPH (disability centre)"),
    "kind.siao": _("SIAO (integrated shelter and housing service)"),
    "kind.chrs": _("CHRS (shelter and social rehabilitation centre)"),
    "kind.fjt": _("FJT (young workers' hostel)"),
    "kind.mobilite": _("Mobility platform"),
    "kind.creche_avip": _("AVIP nursery (for parents returning to work)"),
    "kind.langue_numerique": _("Language and digital skills provider"),
    "kind.spip": _("SPIP (prison integration and probation service)"),
    "kind.pjj": _("PJJ (youth judicial protection)"),
    "kind.association": _("Association"),
    "kind.autre": _("Other"),
}

TIE_LABELS = {
    "strength.strong": _("Strong"),
    "strength.moderate": _("Moderate"),
    "strength.tenuous": _("Tenuous"),
    "direction.one_way": _("One way"),
    "direction.two_way": _("Both ways"),
}

MAP_UI = {
    **DOMAIN_LABELS,
    **KIND_LABELS,
    **TIE_LABELS,
    "map_title": _("Map of the partners of {name}"),
    "reference_title": _("Reference map of the partners of {name}"),
    "map_summary": _(
        "{placed} of {total} partners placed on the map, {relations} relations drawn "
        "(at most {max})."
    ),
    "reference_summary": _("Reference map: {total} partners and {relations} relations."),
    "off_map_relations": _(
        "{count} of your relations link a partner not placed yet: they appear once it is."
    ),
    "help": _(
        "Drag a partner into a domain to place it there, or back to the partners to place to "
        "take it off the map. To draw a relation, drag from the round handle of a partner, or "
        "from your structure, onto another partner. Click a relation to remove it. With the "
        "keyboard, press Enter on a partner to edit it in the form."
    ),
    "help_submitted": _("This attempt is submitted: the map no longer changes."),
    "show_reference": _("Show the reference map"),
    "tray": _("Partners to place ({count})"),
    "tray_empty": _("Every partner is on the map."),
    "structure_label": _("Your structure: {name}, {kind}"),
    "node_label": _("{name}, {kind}, domains: {domains}"),
    "also": _("+ {domains}"),
    "relation_one_way": _("Relation from {source} to {target}: {relation}"),
    "relation_two_way": _("Relation between {source} and {target}, both ways: {relation}"),
    "relation_tie": _("Tie: {strength}."),
    "relation_tension": _("Under tension."),
    "relate_title": _("New relation from {source} to {target}"),
    "relation_type": _("Type of relation"),
    "relate_confirm": _("Draw the relation"),
    "unrelate_title": _("Remove the relation between {source} and {target} ({relation})?"),
    "unrelate_confirm": _("Remove the relation"),
    "cancel": _("Cancel"),
    "placed_in": _("{name} placed in {domain}."),
    "taken_off": _("{name} taken off the map."),
    "related": _("Relation drawn between {source} and {target}."),
    "unrelated": _("Relation removed between {source} and {target}."),
    "legend": _("Key"),
    "legend.one_way": _("Arrow: the relation goes one way"),
    "legend.two_way": _("Arrows at both ends: it goes both ways"),
    "legend.also": _("“+”: the partner's other domains"),
    "legend.strong": _("Thick line: strong tie"),
    "legend.moderate": _("Plain line: moderate tie"),
    "legend.tenuous": _("Dashed line: tenuous tie"),
    "legend.tension": _("Zigzag line: tie under tension"),
    "export_partners": _("Partners"),
    "export_partner": _("{name} ({kind}): {domains}"),
    "export_not_placed": _("not placed"),
}
