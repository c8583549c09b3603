"""The pages every publication has (about, legal notice, privacy policy) and
the footer settings that link them, for the demo publication."""

from wagtail.models import Site

from site_config.models import FooterSettings, StandardPage

# slug -> (title, paragraphs)
FOOTER_PAGES = {
    "a-propos": (
        "À propos",
        [
            "Pressroom est la publication des équipes marketing B2B : articles, "
            "glossaire et podcast sur l'acquisition, la fidélisation et la "
            "mesure.",
            "La rédaction publie chaque semaine ; les partenariats sont toujours "
            "signalés comme tels.",
        ],
    ),
    "mentions-legales": (
        "Mentions légales",
        [
            "Éditeur : Pressroom (publication de démonstration). Directeur de la "
            "publication : la rédaction.",
            "Hébergement : les serveurs de l'éditeur. Contact : redaction@example.com.",
        ],
    ),
    "politique-de-confidentialite": (
        "Politique de confidentialité",
        [
            "Nous ne gardons que ce que vous nous donnez dans nos formulaires "
            "(inscriptions, ressources, lettre) et le consentement que vous avez "
            "donné, avec sa date et son texte exact.",
            "Vous pouvez demander l'accès à vos données ou leur effacement à "
            "redaction@example.com. Les écoutes du podcast sont comptées sans "
            "garder d'adresse IP.",
        ],
    ),
}

# The about page ends with the newsletter's sign-up block.
SIGNUP_BLOCK = (
    "newsletter_signup",
    {
        "heading": "Recevoir la lettre",
        "text": "Chaque lundi, les articles, épisodes et définitions de la semaine.",
    },
)

SOCIAL_LINKS = [
    ("LinkedIn", "https://www.linkedin.com/company/pressroom-demo"),
    ("YouTube", "https://www.youtube.com/@pressroom-demo"),
]


def ensure_footer_pages(builder, home):
    """Create the three standard pages under the home page (once) and point
    the site's footer settings at them, keeping what an editor already set."""
    pages = {}
    for slug, (title, paragraphs) in FOOTER_PAGES.items():

        def build(title=title, paragraphs=paragraphs, slug=slug):
            body = [("paragraph", f"<p>{text}</p>") for text in paragraphs]
            if slug == "a-propos":
                body.append(SIGNUP_BLOCK)
            return StandardPage(title=title, body=body)

        pages[slug] = builder.ensure_child(home, StandardPage, slug, build, "standard")
    site = Site.objects.filter(root_page=home).first() or Site.objects.get(
        is_default_site=True
    )
    footer = FooterSettings.for_site(site)
    footer.about_page = footer.about_page or pages["a-propos"]
    footer.legal_notice_page = footer.legal_notice_page or pages["mentions-legales"]
    footer.privacy_page = footer.privacy_page or pages["politique-de-confidentialite"]
    if not footer.social_links:
        footer.social_links = [
            ("link", {"network": network, "url": url}) for network, url in SOCIAL_LINKS
        ]
    footer.save()
