"""Benchmark: automatic glossary linking with many entries.

Prints, for N glossary entries (each with a term and an alternative form),
the time to compile the site's matcher (once per process per change of the
glossary) and the median time of the one pass over a long article's paragraphs,
beside a naive loop that searches each term separately (one regex per term).

    .venv/bin/python bench/glossary_autolink.py [--sizes 10,200,2000] [--words 3000] [--repeat 15]
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")

import django

django.setup()

from glossary.autolink import TermMatcher, link_terms  # noqa: E402

WORDS = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "marketing",
    "contenu",
    "client",
    "entreprise",
    "vente",
    "stratégie",
    "écosystème",
    "partenaire",
    "données",
    "valeur",
    "équipe",
    "marque",
    "produit",
    "achat",
]


def make_terms(n):
    rng = random.Random(n)
    terms = []
    for i in range(n):
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7))
        terms.append((f"{word} {i}", i, i % 10 == 0))
        terms.append((f"{word.upper()}{i}", i, False))
    return terms


def make_paragraphs(words, terms):
    rng = random.Random(words)
    paragraphs = []
    for _ in range(words // 100):
        text = [rng.choice(WORDS) for _ in range(100)]
        for _ in range(3):
            text.insert(rng.randrange(100), rng.choice(terms)[0])
        paragraphs.append("<p>" + " ".join(text) + ' <a href="/x/">lien</a>.</p>')
    return paragraphs


def timed(func, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,200,2000")
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print(
        f"{'entries':>8} {'compile ms':>11} {'one pass ms':>12} {'naive ms':>9} {'links':>6}"
    )
    for size in [int(s) for s in args.sizes.split(",")]:
        terms = make_terms(size)
        paragraphs = make_paragraphs(args.words, terms)
        compile_time, matcher = timed(lambda t=terms: TermMatcher(t), 3)

        def one_pass(m=matcher, ps=paragraphs):
            done = set()
            return [link_terms(p, m, done) for p in ps]

        pass_time, linked = timed(one_pass, args.repeat)

        def naive(ts=terms, ps=paragraphs):
            text = "".join(ps)
            return sum(
                1
                for t, _, _ in ts
                if re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", text, re.I)
            )

        naive_time, _ = timed(naive, 3)
        links = sum(p.count('linktype="glossary"') for p in linked)
        print(
            f"{size:>8} {compile_time * 1000:>11.1f} {pass_time * 1000:>12.2f} "
            f"{naive_time * 1000:>9.1f} {links:>6}"
        )


if __name__ == "__main__":
    main()
