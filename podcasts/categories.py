"""Apple Podcasts categories, as Apple lists them (the names are identifiers:
podcast apps expect them in English, so the stored values and the feed keep
them in English). Editors see translated labels: each name is a msgid in the
"Apple Podcasts category" context, whose French msgstr is Apple's own French
name where Apple gives one."""

from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

APPLE_CATEGORIES = {
    "Arts": [
        "Books",
        "Design",
        "Fashion & Beauty",
        "Food",
        "Performing Arts",
        "Visual Arts",
    ],
    "Business": [
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ],
    "Comedy": ["Comedy Interviews", "Improv", "Stand-Up"],
    "Education": ["Courses", "How To", "Language Learning", "Self-Improvement"],
    "Fiction": ["Comedy Fiction", "Drama", "Science Fiction"],
    "Government": [],
    "History": [],
    "Health & Fitness": [
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ],
    "Kids & Family": [
        "Education for Kids",
        "Parenting",
        "Pets & Animals",
        "Stories for Kids",
    ],
    "Leisure": [
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ],
    "Music": ["Music Commentary", "Music History", "Music Interviews"],
    "News": [
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ],
    "Religion & Spirituality": [
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Religion",
        "Spirituality",
    ],
    "Science": [
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ],
    "Society & Culture": [
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ],
    "Sports": [
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ],
    "Technology": [],
    "True Crime": [],
    "TV & Film": [
        "After Shows",
        "Film History",
        "Film Interviews",
        "Film Reviews",
        "TV Reviews",
    ],
}

# Labels: literal msgids so that makemessages finds them.
LABELS = {
    "Arts": pgettext_lazy("Apple Podcasts category", "Arts"),
    "Books": pgettext_lazy("Apple Podcasts category", "Books"),
    "Design": pgettext_lazy("Apple Podcasts category", "Design"),
    "Fashion & Beauty": pgettext_lazy("Apple Podcasts category", "Fashion & Beauty"),
    "Food": pgettext_lazy("Apple Podcasts category", "Food"),
    "Performing Arts": pgettext_lazy("Apple Podcasts category", "Performing Arts"),
    "Visual Arts": pgettext_lazy("Apple Podcasts category", "Visual Arts"),
    "Business": pgettext_lazy("Apple Podcasts category", "Business"),
    "Careers": pgettext_lazy("Apple Podcasts category", "Careers"),
    "Entrepreneurship": pgettext_lazy("Apple Podcasts category", "Entrepreneurship"),
    "Investing": pgettext_lazy("Apple Podcasts category", "Investing"),
    "Management": pgettext_lazy("Apple Podcasts category", "Management"),
    "Marketing": pgettext_lazy("Apple Podcasts category", "Marketing"),
    "Non-Profit": pgettext_lazy("Apple Podcasts category", "Non-Profit"),
    "Comedy": pgettext_lazy("Apple Podcasts category", "Comedy"),
    "Comedy Interviews": pgettext_lazy("Apple Podcasts category", "Comedy Interviews"),
    "Improv": pgettext_lazy("Apple Podcasts category", "Improv"),
    "Stand-Up": pgettext_lazy("Apple Podcasts category", "Stand-Up"),
    "Education": pgettext_lazy("Apple Podcasts category", "Education"),
    "Courses": pgettext_lazy("Apple Podcasts category", "Courses"),
    "How To": pgettext_lazy("Apple Podcasts category", "How To"),
    "Language Learning": pgettext_lazy("Apple Podcasts category", "Language Learning"),
    "Self-Improvement": pgettext_lazy("Apple Podcasts category", "Self-Improvement"),
    "Fiction": pgettext_lazy("Apple Podcasts category", "Fiction"),
    "Comedy Fiction": pgettext_lazy("Apple Podcasts category", "Comedy Fiction"),
    "Drama": pgettext_lazy("Apple Podcasts category", "Drama"),
    "Science Fiction": pgettext_lazy("Apple Podcasts category", "Science Fiction"),
    "Government": pgettext_lazy("Apple Podcasts category", "Government"),
    "History": pgettext_lazy("Apple Podcasts category", "History"),
    "Health & Fitness": pgettext_lazy("Apple Podcasts category", "Health & Fitness"),
    "Alternative Health": pgettext_lazy(
        "Apple Podcasts category", "Alternative Health"
    ),
    "Fitness": pgettext_lazy("Apple Podcasts category", "Fitness"),
    "Medicine": pgettext_lazy("Apple Podcasts category", "Medicine"),
    "Mental Health": pgettext_lazy("Apple Podcasts category", "Mental Health"),
    "Nutrition": pgettext_lazy("Apple Podcasts category", "Nutrition"),
    "Sexuality": pgettext_lazy("Apple Podcasts category", "Sexuality"),
    "Kids & Family": pgettext_lazy("Apple Podcasts category", "Kids & Family"),
    "Education for Kids": pgettext_lazy(
        "Apple Podcasts category", "Education for Kids"
    ),
    "Parenting": pgettext_lazy("Apple Podcasts category", "Parenting"),
    "Pets & Animals": pgettext_lazy("Apple Podcasts category", "Pets & Animals"),
    "Stories for Kids": pgettext_lazy("Apple Podcasts category", "Stories for Kids"),
    "Leisure": pgettext_lazy("Apple Podcasts category", "Leisure"),
    "Animation & Manga": pgettext_lazy("Apple Podcasts category", "Animation & Manga"),
    "Automotive": pgettext_lazy("Apple Podcasts category", "Automotive"),
    "Aviation": pgettext_lazy("Apple Podcasts category", "Aviation"),
    "Crafts": pgettext_lazy("Apple Podcasts category", "Crafts"),
    "Games": pgettext_lazy("Apple Podcasts category", "Games"),
    "Hobbies": pgettext_lazy("Apple Podcasts category", "Hobbies"),
    "Home & Garden": pgettext_lazy("Apple Podcasts category", "Home & Garden"),
    "Video Games": pgettext_lazy("Apple Podcasts category", "Video Games"),
    "Music": pgettext_lazy("Apple Podcasts category", "Music"),
    "Music Commentary": pgettext_lazy("Apple Podcasts category", "Music Commentary"),
    "Music History": pgettext_lazy("Apple Podcasts category", "Music History"),
    "Music Interviews": pgettext_lazy("Apple Podcasts category", "Music Interviews"),
    "News": pgettext_lazy("Apple Podcasts category", "News"),
    "Business News": pgettext_lazy("Apple Podcasts category", "Business News"),
    "Daily News": pgettext_lazy("Apple Podcasts category", "Daily News"),
    "Entertainment News": pgettext_lazy(
        "Apple Podcasts category", "Entertainment News"
    ),
    "News Commentary": pgettext_lazy("Apple Podcasts category", "News Commentary"),
    "Politics": pgettext_lazy("Apple Podcasts category", "Politics"),
    "Sports News": pgettext_lazy("Apple Podcasts category", "Sports News"),
    "Tech News": pgettext_lazy("Apple Podcasts category", "Tech News"),
    "Religion & Spirituality": pgettext_lazy(
        "Apple Podcasts category", "Religion & Spirituality"
    ),
    "Buddhism": pgettext_lazy("Apple Podcasts category", "Buddhism"),
    "Christianity": pgettext_lazy("Apple Podcasts category", "Christianity"),
    "Hinduism": pgettext_lazy("Apple Podcasts category", "Hinduism"),
    "Islam": pgettext_lazy("Apple Podcasts category", "Islam"),
    "Judaism": pgettext_lazy("Apple Podcasts category", "Judaism"),
    "Religion": pgettext_lazy("Apple Podcasts category", "Religion"),
    "Spirituality": pgettext_lazy("Apple Podcasts category", "Spirituality"),
    "Science": pgettext_lazy("Apple Podcasts category", "Science"),
    "Astronomy": pgettext_lazy("Apple Podcasts category", "Astronomy"),
    "Chemistry": pgettext_lazy("Apple Podcasts category", "Chemistry"),
    "Earth Sciences": pgettext_lazy("Apple Podcasts category", "Earth Sciences"),
    "Life Sciences": pgettext_lazy("Apple Podcasts category", "Life Sciences"),
    "Mathematics": pgettext_lazy("Apple Podcasts category", "Mathematics"),
    "Natural Sciences": pgettext_lazy("Apple Podcasts category", "Natural Sciences"),
    "Nature": pgettext_lazy("Apple Podcasts category", "Nature"),
    "Physics": pgettext_lazy("Apple Podcasts category", "Physics"),
    "Social Sciences": pgettext_lazy("Apple Podcasts category", "Social Sciences"),
    "Society & Culture": pgettext_lazy("Apple Podcasts category", "Society & Culture"),
    "Documentary": pgettext_lazy("Apple Podcasts category", "Documentary"),
    "Personal Journals": pgettext_lazy("Apple Podcasts category", "Personal Journals"),
    "Philosophy": pgettext_lazy("Apple Podcasts category", "Philosophy"),
    "Places & Travel": pgettext_lazy("Apple Podcasts category", "Places & Travel"),
    "Relationships": pgettext_lazy("Apple Podcasts category", "Relationships"),
    "Sports": pgettext_lazy("Apple Podcasts category", "Sports"),
    "Baseball": pgettext_lazy("Apple Podcasts category", "Baseball"),
    "Basketball": pgettext_lazy("Apple Podcasts category", "Basketball"),
    "Cricket": pgettext_lazy("Apple Podcasts category", "Cricket"),
    "Fantasy Sports": pgettext_lazy("Apple Podcasts category", "Fantasy Sports"),
    "Football": pgettext_lazy("Apple Podcasts category", "Football"),
    "Golf": pgettext_lazy("Apple Podcasts category", "Golf"),
    "Hockey": pgettext_lazy("Apple Podcasts category", "Hockey"),
    "Rugby": pgettext_lazy("Apple Podcasts category", "Rugby"),
    "Running": pgettext_lazy("Apple Podcasts category", "Running"),
    "Soccer": pgettext_lazy("Apple Podcasts category", "Soccer"),
    "Swimming": pgettext_lazy("Apple Podcasts category", "Swimming"),
    "Tennis": pgettext_lazy("Apple Podcasts category", "Tennis"),
    "Volleyball": pgettext_lazy("Apple Podcasts category", "Volleyball"),
    "Wilderness": pgettext_lazy("Apple Podcasts category", "Wilderness"),
    "Wrestling": pgettext_lazy("Apple Podcasts category", "Wrestling"),
    "Technology": pgettext_lazy("Apple Podcasts category", "Technology"),
    "True Crime": pgettext_lazy("Apple Podcasts category", "True Crime"),
    "TV & Film": pgettext_lazy("Apple Podcasts category", "TV & Film"),
    "After Shows": pgettext_lazy("Apple Podcasts category", "After Shows"),
    "Film History": pgettext_lazy("Apple Podcasts category", "Film History"),
    "Film Interviews": pgettext_lazy("Apple Podcasts category", "Film Interviews"),
    "Film Reviews": pgettext_lazy("Apple Podcasts category", "Film Reviews"),
    "TV Reviews": pgettext_lazy("Apple Podcasts category", "TV Reviews"),
}

SEPARATOR = " > "


def category_label(name):
    """The translated label of one Apple category or subcategory name."""
    return LABELS[name]


def category_choices():
    """``("Business > Marketing", "Business › Marketing")`` for every category:
    the value is Apple's English pair, the label is translated lazily
    ("Économie et entreprise › Marketing" in French)."""
    choices = []
    for category, subcategories in APPLE_CATEGORIES.items():
        choices.append((category, category_label(category)))
        choices.extend(
            (
                f"{category}{SEPARATOR}{sub}",
                format_lazy("{} › {}", category_label(category), category_label(sub)),
            )
            for sub in subcategories
        )
    return choices


CATEGORY_CHOICES = category_choices()


def split_category(value):
    """``"Business > Marketing"`` → ``("Business", "Marketing")``; no subcategory → ``""``."""
    category, _, subcategory = value.partition(SEPARATOR)
    return category, subcategory
