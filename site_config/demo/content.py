"""The words of the demo publication loaded by ``manage.py load_demo_publication``.

Data only: no Django import. Every person, company, book, event and quotation
below is fictional and was written for Pressroom.

Conventions the loading command understands:

* Blocks of a body or an explanation are built with ``h2``, ``h3``, ``p``,
  ``quote`` and ``image`` below (the raw StreamField JSON of ``BodyBlock``).
* A link to another demo page is written ``<a ref="KIND:SLUG">text</a>`` with
  KIND one of ``article``, ``glossary``, ``episode``; the command turns it into
  a Wagtail internal page link. Point only at pages listed *earlier* in the
  build order (glossary entries, then episodes, then articles, each in list
  order), or the link falls back to plain text.
* ``image(KEY, ...)`` and ``hero`` name an entry of ``IMAGES``.
* Dates are ISO strings (``YYYY-MM-DD``).
"""

# -- block helpers ---------------------------------------------------------


def h2(text, anchor=""):
    return {"type": "heading", "value": {"text": text, "level": "h2", "anchor": anchor}}


def h3(text, anchor=""):
    return {"type": "heading", "value": {"text": text, "level": "h3", "anchor": anchor}}


def p(html):
    """A paragraph; plain text is wrapped in ``<p>``, HTML (lists...) is kept."""
    if not html.lstrip().startswith("<"):
        html = f"<p>{html}</p>"
    return {"type": "paragraph", "value": html}


def quote(text, attribution="", source_title="", source_url=""):
    return {
        "type": "quote",
        "value": {
            "text": text,
            "attribution": attribution,
            "source_title": source_title,
            "source_url": source_url,
        },
    }


def image(
    key, alt_text, caption="", credit="Illustration générée pour la démo Pressroom"
):
    return {
        "type": "image",
        "value": {
            "image": key,
            "alt_text": alt_text,
            "caption": caption,
            "credit": credit,
        },
    }


# -- site structure --------------------------------------------------------


def definition(term, field_label, text, source, source_url=""):
    return {
        "type": "definition",
        "value": {
            "term": term,
            "field_label": field_label,
            "definition": text,
            "source": source,
            "source_url": source_url,
        },
    }


def event(title, **value):
    """An event announcement; ``speakers`` are ``(person slug or "", name,
    organisation)`` triples, ``description`` is HTML."""
    value["speakers"] = [
        {"person": person, "name": name, "organisation": organisation}
        for person, name, organisation in value.get("speakers", [])
    ]
    return {"type": "event", "value": {"title": title, **value}}


def sponsorship_note(kind, partner_name, partner_url, text):
    return {
        "type": "sponsorship_note",
        "value": {
            "kind": kind,
            "partner_name": partner_name,
            "partner_url": partner_url,
            "text": text,
        },
    }


def call_to_action(text, button_label, url):
    return {
        "type": "call_to_action",
        "value": {"text": text, "button_label": button_label, "url": url},
    }


def related_reading(ref, label="", teaser=""):
    """A card to another demo page (``ref`` as in links: ``KIND:SLUG``)."""
    return {
        "type": "related_reading",
        "value": {"page": ref, "label": label, "teaser": teaser},
    }


def podcast_episode(ref, introduction=""):
    return {
        "type": "podcast_episode",
        "value": {"episode": ref, "introduction": introduction},
    }


SITE_NAME = "Pressroom"

HOME = {
    "title": "Pressroom — le magazine du marketing B2B",
    "slug": "accueil",
    "seo_title": "Pressroom, le magazine du marketing B2B",
    "tagline": "Articles, glossaire et podcast pour celles et ceux qui vendent aux entreprises.",
    "intro": (
        "Pressroom décortique chaque semaine les pratiques du marketing entre "
        "entreprises : ABM, programmes partenaires, contenu, données d'intention, "
        "événements. Des articles de fond, un glossaire pour parler la même langue "
        "que vos équipes commerciales et un podcast court pour les trajets."
    ),
}

ARTICLE_INDEX = {
    "title": "Articles",
    "slug": "articles",
    "intro": (
        "<p>Nos analyses et retours d'expérience sur le marketing <b>B2B</b>, "
        "du plus récent au plus ancien.</p>"
    ),
}

GLOSSARY_INDEX = {
    "title": "Glossaire",
    "slug": "glossaire",
    "intro": (
        "<p>Les mots du marketing B2B expliqués simplement, avec leurs variantes "
        "d'écriture et leurs équivalents anglais.</p>"
    ),
}

PODCAST_SHOW = {
    "title": "Le podcast du marketing B2B",
    "slug": "podcast",
    "description": (
        "Un format court, en français, pour comprendre une pratique du marketing "
        "B2B en moins d'un quart d'heure : un invité, une question, des exemples "
        "concrets. Certains épisodes sont la version audio d'un article du magazine."
    ),
    "artwork": "pochette-podcast",
}

# -- generated images (drawn with Pillow by the command) --------------------
# motif: network | bars | waves | grid | circles | podcast

IMAGES = {
    "pochette-podcast": {
        "title": "Pochette du podcast du marketing B2B",
        "size": (1400, 1400),
        "motif": "podcast",
        "colors": ("#1d3557", "#e63946", "#f1faee"),
    },
    "reseau-partenaires": {
        "title": "Réseau de partenaires reliés entre eux",
        "size": (1200, 675),
        "motif": "network",
        "colors": ("#0b3c5d", "#f2b134", "#e8f1f2"),
    },
    "comptes-cibles": {
        "title": "Cercles concentriques autour de comptes cibles",
        "size": (1200, 675),
        "motif": "circles",
        "colors": ("#3d0c45", "#ff7f50", "#fdf6ec"),
    },
    "courbes-signaux": {
        "title": "Courbes de signaux d'intention",
        "size": (1200, 675),
        "motif": "waves",
        "colors": ("#073b3a", "#21d19f", "#f0fff4"),
    },
    "tableau-de-bord": {
        "title": "Histogramme d'un tableau de bord marketing",
        "size": (1200, 675),
        "motif": "bars",
        "colors": ("#22223b", "#c9ada7", "#f2e9e4"),
    },
    "salle-hybride": {
        "title": "Grille d'écrans d'un événement hybride",
        "size": (1200, 675),
        "motif": "grid",
        "colors": ("#14213d", "#fca311", "#e5e5e5"),
    },
    # One illustration of its own per demo article, for its hero and cards.
    "une-webinaire-abm": {
        "title": "Écran de webinaire entouré de comptes cibles",
        "size": (1200, 675),
        "motif": "circles",
        "colors": ("#2b2d42", "#ef8354", "#edf2f4"),
    },
    "une-ecosysteme-forme": {
        "title": "Un écosystème de partenaires formés, reliés au centre",
        "size": (1200, 675),
        "motif": "network",
        "colors": ("#12355b", "#ffb400", "#eaf2f8"),
    },
    "une-modules-revendeurs": {
        "title": "Des modules de formation courts pour les revendeurs",
        "size": (1200, 675),
        "motif": "grid",
        "colors": ("#2d3142", "#ef8354", "#e8e9ed"),
    },
    "une-comite-achat": {
        "title": "Les voix d'un comité d'achat, en barres",
        "size": (1200, 675),
        "motif": "bars",
        "colors": ("#1b4332", "#95d5b2", "#f1faee"),
    },
    "une-deux-publics": {
        "title": "Deux publics, en salle et à distance",
        "size": (1200, 675),
        "motif": "grid",
        "colors": ("#3c096c", "#ff9e00", "#f3e8ff"),
    },
    "une-comptes-vises": {
        "title": "Quelques comptes visés au centre de cercles",
        "size": (1200, 675),
        "motif": "circles",
        "colors": ("#5f0f40", "#fb8b24", "#fff3e6"),
    },
    "une-nurturing": {
        "title": "Des vagues lentes, le rythme du nurturing",
        "size": (1200, 675),
        "motif": "waves",
        "colors": ("#023e8a", "#90e0ef", "#f0f8ff"),
    },
    "une-signaux": {
        "title": "Des signaux d'intention qui se croisent",
        "size": (1200, 675),
        "motif": "waves",
        "colors": ("#3a0ca3", "#f72585", "#f8f0ff"),
    },
    "une-voix-clients": {
        "title": "Des cercles de clients qui en parlent autour d'eux",
        "size": (1200, 675),
        "motif": "circles",
        "colors": ("#6a040f", "#ffba08", "#fff8e7"),
    },
    "une-tableau-commun": {
        "title": "Un tableau de bord commun au marketing et aux ventes",
        "size": (1200, 675),
        "motif": "bars",
        "colors": ("#003049", "#f77f00", "#fdf0d5"),
    },
    "une-programmes-partenaires": {
        "title": "Un programme partenaires, ses membres et leurs liens",
        "size": (1200, 675),
        "motif": "network",
        "colors": ("#264653", "#e9c46a", "#f4f1de"),
    },
}

# -- tags ------------------------------------------------------------------
# One shared vocabulary for articles, glossary entries and episodes.
TAGS = [
    "b2b",
    "abm",
    "partenaires",
    "formation",
    "contenu",
    "prospects",
    "données",
    "recommandation client",
    "événementiel",
]

# -- glossary (build order matters for inline links: link backwards only) ---

GLOSSARY = [
    {
        "slug": "b2b",
        "title": "B2B",
        "forms": ["BtoB", "B to B", "business to business"],
        "date": "2023-01-12",
        "tags": ["b2b"],
        "short_definition": (
            "BtoB ou B2B ? Les deux s'écrivent et désignent la même chose : le "
            "commerce entre entreprises, où celui qui achète est une organisation "
            "et non un particulier."
        ),
        "explanation": [
            p(
                "Le sigle vient de l'anglais <i>business to business</i>. En France, "
                "on rencontre indifféremment B2B, BtoB ou B to B ; la graphie avec "
                "le chiffre 2 est la plus courante en ligne, la forme « BtoB » reste "
                "fréquente dans la presse professionnelle."
            ),
            p(
                "Ce qui distingue le marketing B2B du marketing grand public tient "
                "moins au produit qu'à la décision : plusieurs personnes achètent "
                "ensemble, sur un cycle long, avec un budget à justifier. Tout le "
                "reste — contenus, événements, relations avec les revendeurs — "
                "découle de cette réalité."
            ),
        ],
    },
    {
        "slug": "comite-dachat",
        "title": "Comité d'achat",
        "forms": ["buying committee", "centre de décision", "buying center"],
        "date": "2023-02-03",
        "tags": ["b2b", "abm"],
        "short_definition": (
            "L'ensemble des personnes qui pèsent sur une décision d'achat en "
            "entreprise : utilisateurs, prescripteurs, acheteurs, décideur "
            "budgétaire et parfois un juriste ou un responsable sécurité."
        ),
        "explanation": [
            p(
                'Dans une vente <a ref="glossary:b2b">B2B</a>, il est rare qu\'une '
                "seule personne signe seule. Un comité d'achat compte souvent entre "
                "cinq et dix membres, qui n'ont ni les mêmes questions ni le même "
                "calendrier."
            ),
            p(
                "Cartographier ce comité — qui influence, qui bloque, qui paie — est "
                "la première étape d'une démarche orientée comptes."
            ),
        ],
    },
    {
        "slug": "abm",
        "title": "ABM",
        "forms": ["Account-Based Marketing", "marketing des comptes stratégiques"],
        "date": "2023-02-20",
        "tags": ["abm", "b2b"],
        "short_definition": (
            "Approche qui traite quelques comptes à fort potentiel comme des marchés "
            "à part entière, avec des messages et des actions conçus pour chacun, "
            "en lien étroit avec l'équipe commerciale."
        ),
        "explanation": [
            p(
                "Plutôt que d'attirer le plus de contacts possible puis de trier, "
                "l'ABM part d'une liste de comptes choisis avec les ventes et "
                'adresse chaque <a ref="glossary:comite-dachat">comité d\'achat</a> '
                "de façon ciblée."
            ),
            p(
                "On distingue souvent trois niveaux : l'ABM « un pour un » pour une "
                "poignée de comptes stratégiques, « un pour quelques-uns » pour des "
                "grappes de comptes semblables, et « un pour beaucoup », plus "
                "automatisé."
            ),
        ],
    },
    {
        "slug": "parcours-dachat",
        "title": "Parcours d'achat",
        "forms": ["buyer journey", "cycle d'achat", "parcours acheteur"],
        "date": "2023-03-02",
        "tags": ["b2b", "contenu"],
        "short_definition": (
            "Les étapes qu'une organisation traverse entre la prise de conscience "
            "d'un problème et le choix d'un fournisseur, puis l'usage de la "
            "solution achetée."
        ),
        "explanation": [
            p(
                "Le parcours d'achat B2B n'est pas un entonnoir bien rangé : chaque "
                'membre du <a ref="glossary:comite-dachat">comité d\'achat</a> avance '
                "à son rythme, revient en arrière, s'informe seul bien avant de "
                "parler à un commercial."
            ),
        ],
    },
    {
        "slug": "persona",
        "title": "Persona",
        "forms": ["buyer persona", "persona acheteur"],
        "date": "2023-03-16",
        "tags": ["contenu", "données"],
        "short_definition": (
            "Portrait type d'un acheteur ou d'un utilisateur, construit à partir "
            "d'entretiens et de données, qui sert à décider quoi dire, à qui et "
            "à quel moment."
        ),
        "explanation": [
            p(
                "Un bon persona B2B décrit un rôle dans une décision plus qu'un "
                "individu : ses objectifs, ses contraintes, les objections qu'il "
                "soulève et les sources qu'il consulte. Il se révise au moins une "
                "fois par an."
            ),
        ],
    },
    {
        "slug": "marketing-de-contenu",
        "title": "Marketing de contenu",
        "forms": ["content marketing", "marketing éditorial"],
        "date": "2023-04-05",
        "tags": ["contenu"],
        "short_definition": (
            "Produire et diffuser des contenus réellement utiles — articles, "
            "guides, podcasts, études — pour gagner l'attention et la confiance "
            "d'acheteurs avant même qu'ils ne cherchent un fournisseur."
        ),
        "explanation": [
            p(
                "En B2B, le marketing de contenu accompagne tout le "
                '<a ref="glossary:parcours-dachat">parcours d\'achat</a>. Il part '
                'des questions de chaque <a ref="glossary:persona">persona</a>, '
                "pas du catalogue."
            ),
            p(
                "Sa mesure se fait sur la durée : audience qualifiée, contacts "
                "entrants, influence sur les opportunités commerciales."
            ),
        ],
    },
    {
        "slug": "lead",
        "title": "Lead",
        "forms": ["prospect", "contact commercial", "piste"],
        "date": "2023-04-19",
        "tags": ["prospects", "b2b"],
        "short_definition": (
            "Une personne ou une entreprise qui a montré un intérêt pour une offre "
            "et dont on connaît assez d'éléments pour la recontacter."
        ),
        "explanation": [
            p(
                "Le mot anglais s'est imposé dans les équipes marketing françaises, "
                "où « prospect » reste employé côté ventes. Un lead n'est pas encore "
                "une opportunité : il doit être qualifié, puis mûrir."
            ),
        ],
    },
    {
        "slug": "mql",
        "title": "MQL",
        "forms": ["Marketing Qualified Lead", "lead qualifié marketing"],
        "date": "2023-05-09",
        "tags": ["prospects", "données"],
        "short_definition": (
            "Un lead que le marketing juge assez engagé et assez proche de la cible "
            "pour mériter l'attention des ventes, selon des critères convenus à "
            "l'avance."
        ),
        "explanation": [
            p(
                'Le passage d\'un simple <a ref="glossary:lead">lead</a> au statut de '
                "MQL repose sur deux dimensions : l'adéquation au profil visé et le "
                "niveau d'engagement (téléchargements, visites, participation à un "
                "événement)."
            ),
        ],
    },
    {
        "slug": "sql",
        "title": "SQL",
        "forms": ["Sales Qualified Lead", "lead qualifié ventes"],
        "date": "2023-05-24",
        "tags": ["prospects"],
        "short_definition": (
            "Un lead que l'équipe commerciale a accepté après l'avoir examiné : "
            "il a un besoin, un budget plausible et un calendrier. À ne pas "
            "confondre avec le langage de base de données."
        ),
        "explanation": [
            p(
                'Le SQL suit le <a ref="glossary:mql">MQL</a>. L\'écart entre le '
                "nombre de MQL transmis et de SQL acceptés est l'un des meilleurs "
                "indicateurs de l'alignement entre marketing et ventes."
            ),
        ],
    },
    {
        "slug": "lead-scoring",
        "title": "Lead scoring",
        "forms": ["scoring", "notation des leads"],
        "date": "2023-06-13",
        "tags": ["prospects", "données"],
        "short_definition": (
            "Attribuer des points à chaque lead selon son profil et ses actions, "
            "pour décider automatiquement quand le transmettre aux ventes."
        ),
        "explanation": [
            p(
                "Une grille de scoring combine des critères explicites (secteur, "
                "taille, fonction) et implicites (pages vues, contenus téléchargés). "
                'Elle fixe le seuil du <a ref="glossary:mql">MQL</a> et doit être '
                'recalée avec les retours des ventes sur les <a ref="glossary:sql">SQL</a>.'
            ),
        ],
    },
    {
        "slug": "lead-nurturing",
        "title": "Lead nurturing",
        "forms": ["nurturing", "maturation des leads", "nourrissage de leads"],
        "date": "2023-07-04",
        "tags": ["prospects", "contenu"],
        "short_definition": (
            "Entretenir la relation avec des leads pas encore prêts à acheter, par "
            "une suite de contenus adaptés à leur situation, jusqu'au moment où "
            "une conversation commerciale a du sens."
        ),
        "explanation": [
            p(
                'La plupart des <a ref="glossary:lead">leads</a> B2B ne sont pas '
                "prêts à parler à un commercial le jour où ils se manifestent. Le "
                "nurturing évite de les perdre en leur proposant, à intervalles "
                "réguliers, des contenus qui répondent à leur question du moment."
            ),
            p(
                "Il s'appuie sur le "
                '<a ref="glossary:marketing-de-contenu">marketing de contenu</a> et '
                "sur des scénarios d'envoi déclenchés par le comportement plutôt "
                "que par le calendrier."
            ),
        ],
    },
    {
        "slug": "smarketing",
        "title": "Smarketing",
        "forms": ["alignement marketing-ventes", "alignement sales-marketing"],
        "date": "2023-08-29",
        "tags": ["prospects", "b2b"],
        "short_definition": (
            "Mot-valise pour l'alignement entre équipes commerciales et marketing : "
            "objectifs communs, définitions partagées et rituels de revue réguliers."
        ),
        "explanation": [
            p(
                "Concrètement, il s'agit de s'accorder sur ce qu'est un "
                '<a ref="glossary:mql">MQL</a> et un <a ref="glossary:sql">SQL</a>, '
                "sur les délais de rappel et sur un tableau de bord que les deux "
                "équipes lisent de la même façon."
            ),
        ],
    },
    {
        "slug": "crm",
        "title": "CRM",
        "forms": ["Customer Relationship Management", "gestion de la relation client"],
        "date": "2023-09-19",
        "tags": ["données"],
        "short_definition": (
            "Le logiciel, et la discipline, qui centralise l'historique des "
            "échanges avec les clients et prospects : contacts, comptes, "
            "opportunités, activités."
        ),
        "explanation": [
            p(
                "Le CRM est la mémoire commune des ventes et du marketing. Sa valeur "
                "dépend entièrement de la qualité des données saisies : un CRM mal "
                "tenu fausse le scoring, les prévisions et l'attribution."
            ),
        ],
    },
    {
        "slug": "intent-data",
        "title": "Intent data",
        "forms": ["données d'intention", "signaux d'intention"],
        "date": "2023-11-07",
        "tags": ["données", "abm"],
        "short_definition": (
            "Signaux qui suggèrent qu'une entreprise s'intéresse à un sujet : "
            "recherches, lectures, comparaisons. Utiles pour prioriser des comptes, "
            "jamais une preuve d'achat."
        ),
        "explanation": [
            p(
                "On distingue les données de première main (le comportement sur "
                "vos propres sites et contenus) et celles de tiers, agrégées par des "
                "fournisseurs spécialisés. Croisées avec le "
                '<a ref="glossary:crm">CRM</a>, elles aident une démarche '
                '<a ref="glossary:abm">ABM</a> à choisir où concentrer ses efforts.'
            ),
            p(
                "Leur collecte doit respecter le RGPD : base légale, information "
                "des personnes, durée de conservation limitée."
            ),
        ],
    },
    {
        "slug": "customer-advocacy",
        "title": "Customer advocacy",
        "forms": [
            "recommandation client",
            "ambassadeurs clients",
            "clients ambassadeurs",
        ],
        "date": "2024-01-16",
        "tags": ["recommandation client", "contenu"],
        "short_definition": (
            "Faire de clients satisfaits des porte-parole : témoignages, études de "
            "cas, prises de parole, recommandations entre pairs, avec leur accord "
            "et en retour d'une vraie reconnaissance."
        ),
        "explanation": [
            p(
                "Les acheteurs B2B font davantage confiance à un pair qu'à un "
                "fournisseur. Un programme d'advocacy organise ce bouche-à-oreille : "
                "il identifie les clients volontaires, leur facilite la prise de "
                "parole et nourrit le "
                '<a ref="glossary:marketing-de-contenu">marketing de contenu</a>.'
            ),
        ],
    },
    {
        "slug": "canal-indirect",
        "title": "Canal indirect",
        "forms": ["vente indirecte", "channel", "distribution indirecte"],
        "date": "2024-02-27",
        "tags": ["partenaires", "b2b"],
        "short_definition": (
            "Vendre par l'intermédiaire d'autres entreprises — revendeurs, "
            "intégrateurs, distributeurs — plutôt que directement au client final."
        ),
        "explanation": [
            p(
                "Le canal indirect permet de couvrir des marchés qu'une force de "
                "vente directe n'atteindrait pas. Il demande en retour d'outiller les "
                "partenaires : argumentaires, formations, leads partagés."
            ),
        ],
    },
    {
        "slug": "ecosysteme-de-partenaires",
        "title": "Écosystème de partenaires",
        "forms": ["partner ecosystem", "réseau de partenaires"],
        "date": "2024-04-02",
        "sources": [
            {
                "title": "Dictionnaire de l'Académie française",
                "url": "https://www.dictionnaire-academie.fr/",
            }
        ],
        "tags": ["partenaires"],
        "short_definition": (
            "L'ensemble des entreprises qui créent de la valeur avec vous : "
            "revendeurs, intégrateurs, éditeurs complémentaires, consultants, "
            "places de marché."
        ),
        "explanation": [
            p(
                "Là où le "
                '<a ref="glossary:canal-indirect">canal indirect</a> désigne une '
                "relation de distribution, l'écosystème englobe aussi les "
                "partenaires qui influencent ou complètent la vente sans revendre."
            ),
        ],
    },
    {
        "slug": "enablement-des-partenaires",
        "title": "Enablement des partenaires",
        "forms": ["partner enablement", "formation des revendeurs", "habilitation"],
        "date": "2024-06-18",
        "tags": ["partenaires", "formation"],
        "short_definition": (
            "Donner aux partenaires les connaissances, les outils et les contenus "
            "dont ils ont besoin pour vendre et déployer votre offre aussi bien que "
            "vos propres équipes."
        ),
        "explanation": [
            p(
                "L'enablement va au-delà de la formation produit : parcours de "
                "certification, démonstrations prêtes à l'emploi, accès aux contenus "
                "marketing, support avant-vente. C'est le ciment d'un "
                '<a ref="glossary:ecosysteme-de-partenaires">écosystème de '
                "partenaires</a> durable."
            ),
        ],
    },
    {
        "slug": "webinaire",
        "title": "Webinaire",
        "forms": ["webinar", "séminaire en ligne"],
        "date": "2024-09-10",
        "tags": ["événementiel", "contenu"],
        "short_definition": (
            "Conférence ou atelier diffusé en ligne, en direct ou en différé, "
            "souvent suivi d'un temps de questions et réutilisé ensuite comme "
            "contenu."
        ),
        "explanation": [
            p(
                "Le webinaire est l'un des formats les plus sûrs pour générer des "
                "leads qualifiés, à condition de traiter une vraie question et de "
                "ne pas le transformer en démonstration commerciale de 45 minutes."
            ),
        ],
    },
    {
        "slug": "evenement-hybride",
        "title": "Événement hybride",
        "forms": ["hybrid event", "événementiel hybride"],
        "date": "2025-01-21",
        "tags": ["événementiel"],
        "short_definition": (
            "Un événement qui réunit en même temps un public sur place et un public "
            "à distance, avec une expérience pensée pour chacun des deux."
        ),
        "explanation": [
            p(
                "Filmer une salle ne suffit pas : le public en ligne a besoin d'un "
                "animateur dédié, d'interactions et d'un rythme proche de celui d'un "
                '<a ref="glossary:webinaire">webinaire</a>.'
            ),
        ],
    },
]

# -- podcast episodes ------------------------------------------------------

EPISODES = [
    {
        "slug": "former-son-ecosysteme",
        "title": "Former son écosystème, pas seulement ses équipes",
        "number": 1,
        "audio": "episode-1.mp3",
        # Looped to a realistic length at load time (drawing.looped_mp3).
        "audio_seconds": 464,
        "date": "2023-03-14",
        "tags": ["partenaires", "formation", "recommandation client"],
        "summary": (
            "La version audio de notre article sur la formation des partenaires : "
            "pourquoi une entreprise gagne à former ceux qui vendent et déploient "
            "ses solutions, et par où commencer."
        ),
        "show_notes": (
            "<p>Dans cet épisode :</p>"
            "<ul>"
            "<li>ce que l'on appelle un écosystème en "
            '<a ref="glossary:b2b">B2B</a> ;</li>'
            "<li>pourquoi les revendeurs décrochent des formations trop longues ;</li>"
            "<li>trois indicateurs pour suivre un programme d'"
            '<a ref="glossary:enablement-des-partenaires">enablement</a>.</li>'
            "</ul>"
        ),
    },
    {
        "slug": "abm-sans-jargon",
        "title": "L'ABM sans jargon",
        "number": 2,
        "audio": "episode-2.mp3",
        # Looped to a realistic length at load time (drawing.looped_mp3).
        "audio_seconds": 752,
        "date": "2024-01-30",
        "tags": ["abm", "b2b", "données"],
        "summary": (
            "Choisir ses comptes, parler à tout un comité d'achat, mesurer sans se "
            "mentir : l'Account-Based Marketing expliqué à partir d'un cas concret."
        ),
        "show_notes": (
            "<p>Les notions évoquées :</p>"
            "<ul>"
            '<li><a ref="glossary:abm">ABM</a> et ses trois niveaux ;</li>'
            '<li>le <a ref="glossary:comite-dachat">comité d\'achat</a> ;</li>'
            '<li>les <a ref="glossary:intent-data">données d\'intention</a>, '
            "utiles mais trompeuses.</li>"
            "</ul>"
        ),
    },
    {
        "slug": "reussir-un-evenement-hybride",
        "title": "Réussir un événement hybride",
        "number": 3,
        "audio": "episode-3.mp3",
        # Looped to a realistic length at load time (drawing.looped_mp3).
        "audio_seconds": 1085,
        "date": "2025-03-20",
        "tags": ["événementiel", "contenu"],
        "summary": (
            "Deux publics, un seul programme : comment concevoir une conférence "
            "qui fonctionne autant dans la salle que derrière un écran, et la "
            "transformer ensuite en contenus."
        ),
        "show_notes": (
            "<p>Au programme : l'animateur dédié au public en ligne, le rythme "
            "des séquences, la réutilisation des captations.</p>"
            "<p>Pour aller plus loin : notre définition de l'"
            '<a ref="glossary:evenement-hybride">événement hybride</a> et celle '
            'du <a ref="glossary:webinaire">webinaire</a>.</p>'
        ),
    },
]

# -- people, partners and categories of the articles ------------------------

PEOPLE = [
    {
        "slug": "claire-morvan",
        "name": "Claire Morvan",
        "job_title": "Rédactrice en chef",
        "organisation": "Pressroom",
        "bio": (
            "Claire Morvan couvre le marketing B2B depuis quinze ans. Elle est "
            "l'autrice des « Entreprises sans murs »."
        ),
        "links": [("Site personnel", "https://claire-morvan.example/")],
    },
    {
        "slug": "julien-barre",
        "name": "Julien Barré",
        "job_title": "Journaliste",
        "organisation": "Pressroom",
        "bio": "Julien Barré suit les réseaux de distribution et l'événementiel.",
        "links": [],
    },
    {
        "slug": "bastien-aubry",
        "name": "Bastien Aubry",
        "job_title": "Directeur des alliances",
        "organisation": "Néovia Logiciels",
        "bio": "",
        "links": [],
    },
    {
        "slug": "ines-fabre",
        "name": "Inès Fabre",
        "job_title": "Responsable de la formation partenaires",
        "organisation": "Groupe Terranor",
        "bio": "",
        "links": [],
    },
]

PARTNERS = [
    {
        "name": "Orbitale Formation",
        "url": "https://orbitale-formation.example/",
        "description": (
            "Éditeur d'une plateforme d'apprentissage pour les réseaux de distribution."
        ),
    },
]

CATEGORIES = [
    {"slug": "partenaires", "name": "Partenaires et écosystème"},
    {"slug": "strategie", "name": "Stratégie"},
    {"slug": "contenu", "name": "Contenu"},
    {"slug": "evenementiel", "name": "Événementiel"},
]

# Category and contributors of the articles that do not name theirs.
ARTICLE_DEFAULTS = {
    "formation-des-revendeurs-sortir-du-catalogue-pdf": ("partenaires", "julien-barre"),
    "marketing-de-contenu-b2b-ecrire-pour-un-comite-dachat": (
        "contenu",
        "claire-morvan",
    ),
    "evenements-hybrides-deux-publics-une-seule-promesse": (
        "evenementiel",
        "julien-barre",
    ),
    "abm-en-2024-viser-moins-de-comptes-mieux": ("strategie", "claire-morvan"),
    "lead-nurturing-la-patience-comme-strategie": ("strategie", "julien-barre"),
    "intent-data-ce-que-les-signaux-disent": ("strategie", "claire-morvan"),
    "customer-advocacy-vos-clients-racontent-mieux-que-vous": (
        "contenu",
        "julien-barre",
    ),
    "aligner-marketing-et-ventes-autour-dun-seul-tableau-de-bord": (
        "strategie",
        "claire-morvan",
    ),
    "programmes-partenaires-mesurer-ce-qui-compte": ("partenaires", "claire-morvan"),
}

# -- articles (link backwards only: glossary, episodes, earlier articles) ---

ARTICLES = [
    {
        # Mirrors the anatomy of the model page described in SEED_PAGE.md:
        # audio version (podcast bar), lead paragraph with a glossary link,
        # sponsorship disclosure, headings, dictionary definitions, book
        # quotes, an event with speakers and a checklist, and a closing line.
        "slug": "former-son-ecosysteme-au-dela-de-ses-salaries",
        "title": "Former son écosystème, bien au-delà de ses salariés",
        "date": "2023-03-14",
        "updated": "2023-04-07",
        "hero": "une-ecosysteme-forme",
        "hero_caption": "Un écosystème : des partenaires reliés entre eux.",
        "hero_credit": "Illustration générée pour la démo Pressroom",
        "category": "partenaires",
        "contributors": [("claire-morvan", ""), ("julien-barre", "Table ronde")],
        "audio_episode": "episode:former-son-ecosysteme",
        "sponsor": {
            "partner": "Orbitale Formation",
            "kind": "partnership",
            "text": "La rédaction de Pressroom en a gardé l'entière maîtrise.",
        },
        "toc": True,
        "tags": ["partenaires", "formation", "b2b", "recommandation client"],
        "standfirst": (
            "Revendeurs, intégrateurs, clients experts : ceux qui portent votre "
            "offre sur le terrain ne figurent pas dans votre organigramme. Les former "
            "est devenu un levier de croissance à part entière."
        ),
        "body": [
            p(
                'En <a ref="glossary:b2b">B2B</a>, une part croissante du chiffre '
                "d'affaires se joue hors de l'entreprise : chez le revendeur qui "
                "présente la solution, l'intégrateur qui la déploie, le consultant "
                "qui la recommande. Tous ont besoin de savoir, et vite. Pourtant, "
                "la plupart des budgets de formation s'arrêtent encore aux portes "
                "des ressources humaines."
            ),
            h2("D'où vient le mot « écosystème » ?"),
            p(
                "Le terme a quitté les sciences naturelles pour les salles de "
                "réunion il y a une trentaine d'années. Ses définitions successives "
                "disent assez bien ce que les entreprises y cherchent."
            ),
            definition(
                "Écosystème",
                "Biologie",
                "Écologie : ensemble formé par des êtres vivants et le milieu "
                "qu'ils occupent, que relient des échanges constants de matière "
                "et d'énergie.",
                "Dictionnaire des notions de l'entreprise",
            ),
            definition(
                "Écosystème",
                "Économie",
                "Par analogie : réseau d'organisations interdépendantes — "
                "fournisseurs, distributeurs, clients, partenaires — qui créent "
                "de la valeur ensemble et dont chacune dépend de la santé des autres.",
                "Dictionnaire des notions de l'entreprise",
            ),
            h2("Former ceux qui ne sont pas vos salariés"),
            h3("Le revendeur n'a pas de temps pour vous"),
            p(
                "Un commercial de revendeur représente souvent des dizaines de "
                "marques. Il retiendra celles qui lui simplifient la vie : des "
                "modules courts, disponibles au moment où il prépare un rendez-vous, "
                'et un accès direct aux contenus du <a ref="glossary:canal-indirect">'
                "canal indirect</a>."
            ),
            quote(
                "On ne forme pas un partenaire comme on forme un salarié : on ne lui "
                "doit pas un plan de carrière, on lui doit une raison de revenir.",
                attribution="Claire Morvan",
                source_title="Les Entreprises sans murs",
            ),
            h3("Le client expert, formateur malgré lui"),
            p(
                "Les clients les plus avancés forment déjà leurs pairs, dans les "
                "clubs utilisateurs et sur les forums. Les reconnaître, leur donner "
                "des supports et les inviter à certifier leurs connaissances fait "
                'le lien avec une démarche de <a ref="glossary:customer-advocacy">'
                "customer advocacy</a>."
            ),
            quote(
                "La connaissance d'un produit appartient d'abord à ceux qui "
                "l'utilisent tous les jours ; l'éditeur n'en est que le premier "
                "dépositaire.",
                attribution="Claire Morvan",
                source_title="Les Entreprises sans murs",
            ),
            image(
                "reseau-partenaires",
                "Des nœuds de couleur reliés par des traits, figurant un réseau de "
                "partenaires.",
                caption="Un écosystème : des partenaires reliés entre eux, pas "
                "seulement à vous.",
            ),
            event(
                "Table ronde : « Former tout l'écosystème »",
                start_date="2023-04-06",
                start_time="09:30:00",
                end_date=None,
                end_time="11:00:00",
                time_zone="Europe/Paris",
                online=True,
                place="Lyon",
                description=(
                    "<p>Pressroom réunit quatre responsables de programmes "
                    "partenaires pour confronter leurs pratiques de formation hors "
                    "des murs de l'entreprise. Entrée libre sur inscription, "
                    "retransmission en direct.</p>"
                ),
                speakers=[
                    ("ines-fabre", "", ""),
                    ("", "Youssef Mansouri", "Altiplan"),
                    ("bastien-aubry", "", ""),
                    ("", "Mathilde Lagarde", "Cabinet Lagarde & associés"),
                ],
                agenda=[
                    "Qui, dans l'écosystème, faut-il former en premier ?",
                    "Quel format retient l'attention d'un revendeur pressé ?",
                    "Faut-il certifier, et que vaut une certification ?",
                    "Comment mesurer l'effet d'une formation sur les ventes ?",
                    "Qui paie : l'éditeur, le partenaire, ou les deux ?",
                ],
                registration_url="https://pressroom.example/evenements/ecosysteme",
            ),
            p(
                "<i>Table ronde organisée par Pressroom et le Club des directeurs "
                "partenaires, avec le soutien d'Orbitale Formation.</i>"
            ),
            call_to_action(
                "Recevez chaque mois nos articles et épisodes sur les écosystèmes "
                "de partenaires.",
                "S'abonner à la lettre",
                "mailto:lettre@pressroom.example",
            ),
        ],
    },
    {
        "slug": "formation-des-revendeurs-sortir-du-catalogue-pdf",
        "title": "Formation des revendeurs : sortir du catalogue PDF",
        "date": "2023-06-08",
        "hero": "une-modules-revendeurs",
        "tags": ["partenaires", "formation", "contenu"],
        "standfirst": (
            "Le catalogue de 80 pages envoyé en début d'année n'a jamais formé "
            "personne. Micro-modules, démonstrations guidées et certifications "
            "courtes changent la donne, à condition de partir des besoins du terrain."
        ),
        "body": [
            p(
                "Demandez à un revendeur ce qu'il a retenu de la dernière convention "
                "partenaires : il citera le dîner, rarement la feuille de route "
                "produit. Le problème n'est pas la motivation, c'est le format."
            ),
            h2("Partir des questions des clients"),
            p(
                "Les meilleurs programmes d'"
                '<a ref="glossary:enablement-des-partenaires">enablement</a> '
                "commencent par recenser les questions que les clients finaux posent "
                "réellement aux revendeurs, puis construisent une réponse courte "
                "pour chacune."
            ),
            h3("Des modules de cinq minutes"),
            p(
                "Une vidéo, une fiche, un quiz de trois questions. Le module se "
                "consulte sur téléphone entre deux rendez-vous et se retrouve par "
                "un moteur de recherche interne."
            ),
            h3("Des démonstrations prêtes à l'emploi"),
            p(
                "Un environnement de démonstration préconfiguré par secteur vaut "
                "mieux que dix heures de formation théorique."
            ),
            quote(
                "Nos partenaires ne nous demandaient pas plus de contenu ; ils nous "
                "demandaient de le trouver en moins de trente secondes.",
                attribution="Inès Fabre, responsable de la formation partenaires",
                source_title="Entretien avec Pressroom",
            ),
            image(
                "tableau-de-bord",
                "Histogramme aux barres de hauteurs croissantes.",
                caption="Suivre la progression des certifications, partenaire par "
                "partenaire.",
            ),
            podcast_episode(
                "episode:former-son-ecosysteme",
                "Former au-delà de ses salariés : l'épisode du podcast qui en parle.",
            ),
            h2("Mesurer ce qui compte"),
            p(
                "Taux de certification, délai entre formation et première vente, "
                "part des opportunités portées par des partenaires formés : trois "
                "indicateurs suffisent pour commencer. Notre article sur "
                '<a ref="article:former-son-ecosysteme-au-dela-de-ses-salaries">la '
                "formation de l'écosystème</a> en détaille les enjeux."
            ),
        ],
    },
    {
        "slug": "marketing-de-contenu-b2b-ecrire-pour-un-comite-dachat",
        "title": "Marketing de contenu B2B : écrire pour un comité d'achat",
        "date": "2023-10-17",
        "hero": "une-comite-achat",
        "tags": ["contenu", "b2b"],
        "standfirst": (
            "Un livre blanc ne convainc pas un directeur financier et un "
            "responsable technique de la même façon. Écrire pour un comité d'achat, "
            "c'est produire moins de contenus génériques et plus de réponses précises."
        ),
        "body": [
            p(
                'Le <a ref="glossary:marketing-de-contenu">marketing de contenu</a> '
                "B2B souffre d'un paradoxe : on publie beaucoup, pour une cible "
                "floue. Or la décision est collective, et chaque membre du "
                '<a ref="glossary:comite-dachat">comité d\'achat</a> cherche '
                "autre chose."
            ),
            h2("Une question par rôle"),
            p(
                "L'utilisateur veut savoir si l'outil lui fera gagner du temps ; le "
                "responsable sécurité, où sont stockées les données ; le financier, "
                "quand l'investissement sera rentabilisé. Un même sujet peut donner "
                "trois contenus courts plutôt qu'un long document que personne ne "
                "lit en entier."
            ),
            h3("Cartographier avant d'écrire"),
            p(
                'Croiser les <a ref="glossary:persona">personas</a> avec les étapes '
                'du <a ref="glossary:parcours-dachat">parcours d\'achat</a> fait '
                "apparaître les cases vides, souvent en fin de parcours : "
                "comparatifs, guides de déploiement, calculs de coûts."
            ),
            quote(
                "Un bon contenu B2B se reconnaît à ceci : un commercial a envie de "
                "l'envoyer à son client sans le réécrire.",
                attribution="Julien Ferrand",
                source_title="Écrire pour ceux qui achètent",
            ),
            h2("Faire circuler les contenus dans le comité"),
            p(
                "Le contenu le plus efficace est celui qu'un membre du comité "
                "transmet à un autre. Des formats faciles à transférer — une page, "
                "un schéma, un calcul — facilitent ce relais interne."
            ),
        ],
    },
    {
        "slug": "evenements-hybrides-deux-publics-une-seule-promesse",
        "title": "Événements hybrides : deux publics, une seule promesse",
        "date": "2023-11-29",
        "hero": "une-deux-publics",
        "tags": ["événementiel", "contenu"],
        "standfirst": (
            "Depuis 2020, presque chaque conférence B2B se double d'une diffusion "
            "en ligne. Trop souvent, le public à distance regarde une salle filmée. "
            "Voici comment lui offrir un vrai rôle."
        ),
        "body": [
            p(
                'Un <a ref="glossary:evenement-hybride">événement hybride</a> réussi '
                "tient une promesse unique — ce que chacun repartira en sachant — "
                "mais la délivre de deux façons différentes."
            ),
            h2("Un animateur pour chaque public"),
            p(
                "Dans la salle, le rythme est donné par la scène. En ligne, il faut "
                "une voix qui accueille, relaie les questions et comble les "
                "transitions. Sans elle, le taux de décrochage dépasse vite la moitié "
                "des inscrits."
            ),
            h3("Des séquences plus courtes"),
            p(
                "Vingt minutes de présentation suivies de dix minutes d'échange : le "
                'format emprunté au <a ref="glossary:webinaire">webinaire</a> '
                "fonctionne aussi pour les participants sur place."
            ),
            image(
                "salle-hybride",
                "Une grille d'écrans colorés figurant des participants à distance.",
                caption="Le public à distance doit être visible de la salle, pas "
                "seulement l'inverse.",
            ),
            quote(
                "Le jour J ne représente qu'un tiers de la valeur d'un événement ; "
                "le reste se joue dans les semaines qui suivent.",
                attribution="Sarah Benali, directrice des événements",
                source_title="Conférence « Marketing des salons », Nantes",
            ),
            h2("Après l'événement, le contenu"),
            p(
                "Chaque intervention captée devient un extrait vidéo, un article, "
                "un épisode de podcast. C'est là que l'hybride se rentabilise."
            ),
        ],
    },
    {
        "slug": "abm-en-2024-viser-moins-de-comptes-mieux",
        "title": "L'ABM en 2024 : viser moins de comptes, mieux",
        "date": "2024-01-23",
        "hero": "une-comptes-vises",
        "tags": ["abm", "b2b", "données"],
        "standfirst": (
            "L'Account-Based Marketing a connu son heure de mode. Les équipes qui "
            "en tirent des résultats ont un point commun : des listes de comptes "
            "courtes, choisies avec les ventes, et une patience assumée."
        ),
        "body": [
            p(
                'L\'<a ref="glossary:abm">ABM</a> inverse la logique habituelle : '
                "au lieu d'attirer large puis de trier, on choisit d'abord les "
                "comptes, puis on construit l'attention. Encore faut-il choisir peu."
            ),
            h2("Choisir ses comptes avec les ventes"),
            p(
                "Une liste de 500 comptes n'est pas de l'ABM, c'est de la "
                "segmentation. Les programmes efficaces démarrent avec vingt à "
                "cinquante comptes, validés un par un avec les commerciaux qui les "
                "suivront."
            ),
            h3("Les signaux, pas les certitudes"),
            p(
                'Les <a ref="glossary:intent-data">données d\'intention</a> aident à '
                "prioriser, mais un pic de lecture sur un sujet ne dit pas qui "
                'décide. Elles se lisent avec le <a ref="glossary:crm">CRM</a> et '
                "l'avis du commercial."
            ),
            image(
                "comptes-cibles",
                "Cercles concentriques autour de quelques points lumineux.",
                caption="Peu de comptes, beaucoup d'attention.",
            ),
            quote(
                "L'ABM ne consiste pas à personnaliser des publicités ; il consiste "
                "à connaître un client assez bien pour savoir quoi lui dire.",
                attribution="Bastien Aubry",
                source_title="Le Marketing des comptes, mode d'emploi",
            ),
            h2("Mesurer à l'échelle du compte"),
            p(
                "Nombre de contacts engagés par compte, rencontres obtenues, "
                "progression des opportunités : les indicateurs classiques de "
                "volume de leads perdent leur sens. Pour aller plus loin, écoutez "
                '<a ref="episode:abm-sans-jargon">l\'épisode 2 du podcast</a>.'
            ),
        ],
    },
    {
        "slug": "lead-nurturing-la-patience-comme-strategie",
        "title": "Lead nurturing : la patience comme stratégie",
        "date": "2024-04-11",
        "hero": "une-nurturing",
        "tags": ["prospects", "contenu", "données"],
        "standfirst": (
            "La majorité des leads B2B ne sont pas prêts à acheter quand ils se "
            "manifestent. Les relancer trop tôt les fait fuir ; les oublier les "
            "envoie chez un concurrent. Le nurturing trace une troisième voie."
        ),
        "body": [
            p(
                "Un formulaire rempli n'est pas une demande de rappel. Le "
                '<a ref="glossary:lead-nurturing">lead nurturing</a> consiste à '
                "accompagner ce contact, à son rythme, jusqu'au moment où une "
                "conversation commerciale lui sera utile."
            ),
            h2("Des scénarios déclenchés par le comportement"),
            p(
                "Plutôt qu'une newsletter identique pour tous, on construit quelques "
                "parcours selon le sujet qui a attiré le "
                '<a ref="glossary:lead">lead</a> et ses actions suivantes.'
            ),
            h3("Trois à cinq messages, pas davantage"),
            p(
                "Chaque message apporte une information nouvelle : un cas client, "
                "un outil de calcul, une invitation à un "
                '<a ref="glossary:webinaire">webinaire</a>. Le dernier propose un '
                "échange, sans insister."
            ),
            quote(
                "Nourrir un lead, c'est accepter qu'il reste affamé quelque temps : "
                "la faim est le signe qu'il cherche encore.",
                attribution="Julien Ferrand",
                source_title="Écrire pour ceux qui achètent",
            ),
            image(
                "courbes-signaux",
                "Courbes ondulées superposées, d'amplitude croissante.",
                caption="L'engagement monte rarement en ligne droite.",
            ),
            h2("Savoir passer la main"),
            p(
                'Le seuil de <a ref="glossary:lead-scoring">scoring</a> qui fait '
                'd\'un lead un <a ref="glossary:mql">MQL</a> se fixe avec les ventes '
                "et se revoit chaque trimestre."
            ),
        ],
    },
    {
        "slug": "intent-data-ce-que-les-signaux-disent",
        "title": "Intent data : ce que les signaux disent (et ne disent pas)",
        "date": "2024-09-03",
        "hero": "une-signaux",
        "tags": ["données", "abm"],
        "standfirst": (
            "Les données d'intention promettent de savoir qui cherche à acheter "
            "avant qu'il ne vous contacte. Elles disent surtout qu'un sujet "
            "intéresse quelqu'un, quelque part dans une entreprise."
        ),
        "body": [
            p(
                'Les <a ref="glossary:intent-data">intent data</a> agrègent des '
                "signaux de lecture et de recherche au niveau d'une entreprise. "
                "Bien utilisées, elles aident à choisir où concentrer une démarche "
                '<a ref="glossary:abm">ABM</a>.'
            ),
            h2("Première main ou tiers ?"),
            p(
                "Vos propres données — visites, contenus consultés, inscriptions — "
                "sont les plus fiables. Les données de tiers élargissent le regard, "
                "avec plus de bruit et une question de conformité à traiter : "
                'renseignez-vous auprès de la <a href="https://www.cnil.fr/">CNIL</a> '
                "sur les bases légales applicables."
            ),
            h3("Trois erreurs fréquentes"),
            p(
                "<ul>"
                "<li>prendre un pic d'intérêt pour une intention d'achat ;</li>"
                "<li>transmettre le signal aux ventes sans contexte ;</li>"
                "<li>oublier de vérifier, six mois plus tard, si les comptes "
                "signalés ont réellement acheté.</li>"
                "</ul>"
            ),
            quote(
                "Un signal d'intention est une question posée au marketing, pas une "
                "réponse livrée aux ventes.",
                attribution="Nadia Chevalier, analyste",
                source_title="Les Données et la décision",
            ),
            image(
                "courbes-signaux",
                "Courbes ondulées superposées.",
                caption="Du bruit et quelques signaux : tout l'enjeu est de les "
                "distinguer.",
            ),
            h2("Boucler la boucle"),
            p(
                'Les signaux gagnent en valeur quand ils sont confrontés au <a ref="glossary:crm">'
                "CRM</a> : quels comptes signalés ont ouvert une opportunité, et "
                "lesquels l'ont signée ? Voir aussi notre article sur "
                '<a ref="article:abm-en-2024-viser-moins-de-comptes-mieux">l\'ABM en '
                "2024</a>."
            ),
        ],
    },
    {
        "slug": "customer-advocacy-vos-clients-racontent-mieux-que-vous",
        "title": "Customer advocacy : vos clients racontent mieux que vous",
        "date": "2025-02-18",
        "hero": "une-voix-clients",
        "tags": ["recommandation client", "contenu", "b2b"],
        "standfirst": (
            "Un témoignage de pair pèse plus lourd que dix pages produit. Encore "
            "faut-il donner aux clients une bonne raison de prendre la parole, et "
            "les moyens de le faire sans y passer leurs soirées."
        ),
        "body": [
            p(
                'La <a ref="glossary:customer-advocacy">customer advocacy</a> '
                "organise ce que les clients satisfaits font déjà spontanément : "
                "recommander, expliquer, rassurer."
            ),
            h2("Identifier les volontaires"),
            p(
                "Les équipes de succès client savent qui défend déjà la solution en "
                "interne. Ce sont les premiers à solliciter, avant même les plus "
                "gros comptes."
            ),
            h3("Donner avant de demander"),
            p(
                "Accès anticipé aux nouveautés, visibilité dans les événements, "
                "formation certifiante : la reconnaissance compte plus que les "
                "cadeaux."
            ),
            quote(
                "Un client ambassadeur ne vous rend pas service : il se construit "
                "une réputation. Aidez-le à le faire.",
                attribution="Sarah Benali",
                source_title="Entretien avec Pressroom",
            ),
            image(
                "reseau-partenaires",
                "Réseau de points reliés.",
                caption="La recommandation circule de pair à pair.",
            ),
            h2("Des formats qui respectent leur temps"),
            p(
                "Une interview de vingt minutes transformée en étude de cas, une "
                "intervention lors d'un "
                '<a ref="glossary:evenement-hybride">événement hybride</a>, un '
                "épisode de podcast : autant de contenus qui nourrissent le "
                '<a ref="glossary:marketing-de-contenu">marketing de contenu</a>. '
                "Nos conseils pour les "
                '<a ref="article:evenements-hybrides-deux-publics-une-seule-promesse">'
                "événements hybrides</a> s'appliquent aussi à ces prises de parole."
            ),
        ],
    },
    {
        "slug": "aligner-marketing-et-ventes-autour-dun-seul-tableau-de-bord",
        "title": "Aligner marketing et ventes autour d'un seul tableau de bord",
        "date": "2025-06-05",
        "hero": "une-tableau-commun",
        "tags": ["prospects", "données", "b2b"],
        "standfirst": (
            "Quand le marketing compte des MQL et les ventes des rendez-vous, "
            "chacun a raison dans son tableur. Un tableau de bord commun oblige à "
            "parler des mêmes chiffres, donc des mêmes clients."
        ),
        "body": [
            p(
                'Le <a ref="glossary:smarketing">smarketing</a> n\'est pas une '
                "réorganisation, c'est une série d'accords : sur les définitions, "
                "sur les délais, sur les chiffres que l'on regarde ensemble."
            ),
            h2("Trois définitions à signer"),
            p(
                "<ul>"
                '<li>ce qu\'est un <a ref="glossary:mql">MQL</a> ;</li>'
                '<li>ce qu\'est un <a ref="glossary:sql">SQL</a> ;</li>'
                "<li>le délai maximal de prise de contact.</li>"
                "</ul>"
            ),
            h3("Un tableau, une réunion"),
            p(
                "Une revue mensuelle de trente minutes suffit, si elle porte sur un "
                'tableau unique alimenté par le <a ref="glossary:crm">CRM</a>.'
            ),
            image(
                "tableau-de-bord",
                "Histogramme aux barres de hauteurs variées.",
                caption="Un seul tableau, lu de la même façon par les deux équipes.",
            ),
            quote(
                "Le jour où marketing et ventes se disputent sur le même chiffre, "
                "ils ont déjà fait la moitié du chemin.",
                attribution="Youssef Mansouri",
                source_title="Conférence « Revenus prévisibles », Paris",
            ),
            h2("Et le nurturing ?"),
            p(
                "Les leads rendus par les ventes ne disparaissent pas : ils "
                "retournent dans un parcours de nurturing. Relisez "
                '<a ref="article:lead-nurturing-la-patience-comme-strategie">notre '
                "article sur le sujet</a>."
            ),
        ],
    },
    {
        "slug": "programmes-partenaires-mesurer-ce-qui-compte",
        "title": "Programmes partenaires : mesurer ce qui compte",
        "date": "2025-09-16",
        "hero": "une-programmes-partenaires",
        "tags": ["partenaires", "données"],
        "standfirst": (
            "Nombre de partenaires recrutés, portail consulté, webinaires suivis : "
            "les indicateurs faciles à produire sont rarement ceux qui comptent. "
            "Le vrai sujet est la part du revenu que l'écosystème influence."
        ),
        "body": [
            p(
                'Un <a ref="glossary:ecosysteme-de-partenaires">écosystème de '
                "partenaires</a> se pilote mal avec des chiffres d'activité. Il se "
                "pilote avec des chiffres de revenu."
            ),
            h2("Du volume à l'influence"),
            p(
                "Combien d'opportunités ont impliqué un partenaire, à quelle étape, "
                "et avec quel taux de signature comparé aux ventes directes ? Ces "
                'questions supposent que le <a ref="glossary:crm">CRM</a> enregistre '
                "le rôle de chaque partenaire."
            ),
            h3("Le cas de la formation"),
            p(
                "Relier les certifications aux ventes, c'est la mesure que notre "
                'article sur la <a ref="article:formation-des-revendeurs-sortir-du-'
                'catalogue-pdf">formation des revendeurs</a> recommandait déjà.'
            ),
            quote(
                "Ce qui ne se mesure pas dans un programme partenaires finit "
                "toujours par être coupé au budget suivant.",
                attribution="Mathilde Lagarde",
                source_title="Les Réseaux qui vendent",
            ),
        ],
    },
]

# -- see-also picks: (source, [(target, label), ...]) -----------------------

SEE_ALSO = [
    (
        "article:former-son-ecosysteme-au-dela-de-ses-salaries",
        [
            ("episode:former-son-ecosysteme", "Écouter la version audio"),
            ("glossary:enablement-des-partenaires", ""),
            ("article:formation-des-revendeurs-sortir-du-catalogue-pdf", ""),
        ],
    ),
    (
        "article:abm-en-2024-viser-moins-de-comptes-mieux",
        [
            ("glossary:abm", "Qu'est-ce que l'ABM ?"),
            ("episode:abm-sans-jargon", "L'épisode du podcast consacré à l'ABM"),
            ("article:intent-data-ce-que-les-signaux-disent", ""),
        ],
    ),
    (
        "article:evenements-hybrides-deux-publics-une-seule-promesse",
        [
            ("episode:reussir-un-evenement-hybride", "En podcast : réussir l'hybride"),
            ("glossary:evenement-hybride", ""),
        ],
    ),
    (
        "article:lead-nurturing-la-patience-comme-strategie",
        [
            ("glossary:lead-nurturing", ""),
            ("article:aligner-marketing-et-ventes-autour-dun-seul-tableau-de-bord", ""),
        ],
    ),
    (
        "glossary:b2b",
        [
            ("article:marketing-de-contenu-b2b-ecrire-pour-un-comite-dachat", ""),
            ("glossary:comite-dachat", ""),
        ],
    ),
    (
        "glossary:abm",
        [
            ("article:abm-en-2024-viser-moins-de-comptes-mieux", "Notre dossier ABM"),
            ("episode:abm-sans-jargon", ""),
        ],
    ),
    (
        "glossary:lead-nurturing",
        [
            (
                "article:lead-nurturing-la-patience-comme-strategie",
                "Le nurturing en pratique",
            ),
        ],
    ),
    (
        "episode:former-son-ecosysteme",
        [
            (
                "article:former-son-ecosysteme-au-dela-de-ses-salaries",
                "Lire la version écrite",
            ),
            ("article:formation-des-revendeurs-sortir-du-catalogue-pdf", ""),
        ],
    ),
    (
        "episode:reussir-un-evenement-hybride",
        [
            ("article:evenements-hybrides-deux-publics-une-seule-promesse", ""),
            ("glossary:webinaire", ""),
        ],
    ),
]

# -- synthetic articles (``--articles N``, for benchmarks) -------------------

SYNTHETIC_TOPICS = [
    ("l'ABM", ["abm", "b2b"]),
    ("les programmes partenaires", ["partenaires"]),
    ("la formation des revendeurs", ["partenaires", "formation"]),
    ("le marketing de contenu", ["contenu"]),
    ("le lead nurturing", ["prospects", "contenu"]),
    ("les données d'intention", ["données", "abm"]),
    ("la customer advocacy", ["recommandation client"]),
    ("les événements hybrides", ["événementiel"]),
]

SYNTHETIC_ANGLES = [
    "Cinq questions sur {topic}",
    "{topic_cap} : les erreurs à éviter",
    "{topic_cap} expliqué à votre direction",
    "Par où commencer avec {topic} ?",
    "{topic_cap} : retour d'expérience",
]

# -- podcast details: directory fields, subscribe links, episode extras --------
# (applied once by the command after the articles exist; the addresses have
# each platform's own shape, with made-up identifiers)

PODCAST_DETAILS = {
    "author": "Pressroom",
    "owner_name": "La rédaction de Pressroom",
    "owner_email": "podcast@example.com",
    "primary_category": "Business > Marketing",
    "secondary_category": "Education > How To",
    "copyright": "© 2023–2026 Pressroom",
    "subscribe_links": [
        (
            "apple",
            "https://podcasts.apple.com/fr/podcast/le-podcast-du-marketing-b2b/id1700000042",
        ),
        ("spotify", "https://open.spotify.com/show/5PreSsRooMDemoShow0042"),
        (
            "android",
            "https://antennapod.org/deeplink/subscribe"
            "?url=https%3A%2F%2Fpressroom.example%2Fpodcast%2Ffeed%2F",
        ),
        ("blubrry", "https://blubrry.com/le-podcast-du-marketing-b2b/"),
        ("email", "mailto:podcast@pressroom.example"),
        ("rss", ""),
    ],
}

PODCAST_PEOPLE = {
    "claire-morvan": {"name": "Claire Morvan", "job_title": "Rédactrice en chef"},
    "julien-aubert": {
        "name": "Julien Aubert",
        "job_title": "Responsable des partenariats",
        "organisation": "Orbis Logiciels",
    },
    "sofia-benali": {
        "name": "Sofia Benali",
        "job_title": "Directrice marketing",
        "organisation": "Atelier Nord",
    },
}

EPISODE_DETAILS = {
    "former-son-ecosysteme": {
        "season": 1,
        "people": [("claire-morvan", "host"), ("julien-aubert", "guest")],
        "chapters": [(0, "Introduction"), (5, "Qui former ?"), (10, "Mesurer")],
        "transcript": (
            "Claire Morvan : Bienvenue dans le podcast du marketing B2B.\n"
            "Julien Aubert : Former ses partenaires, c'est former ceux qui vendent "
            "pour vous."
        ),
        "articles": ["former-son-ecosysteme-au-dela-de-ses-salaries"],
    },
    "abm-sans-jargon": {
        "season": 1,
        "people": [("claire-morvan", "host"), ("sofia-benali", "guest")],
        "chapters": [(0, "Introduction"), (8, "Choisir ses comptes")],
        "articles": ["abm-en-2024-viser-moins-de-comptes-mieux"],
    },
    "reussir-un-evenement-hybride": {
        "season": 2,
        "people": [("claire-morvan", "host")],
        "chapters": [(0, "Introduction"), (15, "Deux publics")],
        "articles": ["evenements-hybrides-deux-publics-une-seule-promesse"],
    },
}
