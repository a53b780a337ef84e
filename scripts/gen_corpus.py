#!/usr/bin/env python3
"""Writes a synthetic corpus for scale tests: N news articles in Tally's corpus format.

    scripts/gen_corpus.py OUT_DIR N [--seed S] [--drafts K]

OUT_DIR gets manifest.json and one .txt per article (title on the first line, then
paragraphs), like corpus/. The articles follow a war-and-truce-talks beat over 2023-10 to
2026-06: a few dozen underlying quantities (hostages released and still held, prisoners freed,
people killed or displaced, aid trucks, truce days, distances, money, percentages), each with a
true value that moves over time and by place. Articles state them in varied words and forms
("1,234", "about 1,200", "more than a thousand", "nine", "a 42-day truce", "12 miles"), with
rounding, hedges, stale figures and occasional disagreement, plus dates, ordinals and sentences
without figures, so that matching has real competition: many sources speak of the same
quantity with different values, places and dates.

With --drafts K it also writes OUT_DIR/drafts.json: K drafts of about 5 KB written the same
way but not part of the corpus, for timing /v1/check.

Not part of the product: a dev tool for `scripts/scale.py` (see scripts/README.md).
Deterministic for a given seed and N.
"""

import argparse
import datetime as dt
import json
import os
import random

START = dt.date(2023, 10, 8)
END = dt.date(2026, 6, 30)
SPAN = (END - START).days

PLACES = [
    "Gaza City", "Rafah", "Khan Younis", "Jabaliya", "Deir al-Balah", "Nuseirat", "Beit Hanoun",
    "Jenin", "Nablus", "Hebron", "Tulkarm", "the West Bank", "northern Gaza", "southern Gaza",
]
CAPITALS = ["Cairo", "Doha", "Jerusalem", "Tel Aviv", "Washington", "Amman", "Paris"]
MEDIATORS = ["Egypt", "Qatar", "the United States", "Egyptian officials", "Qatari mediators"]
AGENCIES = [
    "the Gaza Health Ministry", "the United Nations", "UNRWA", "the World Health Organization",
    "the Red Cross", "the Israeli military", "the World Food Program", "Israeli officials",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ORDINALS = ["first", "second", "third", "fourth", "fifth"]
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen", "twenty"]


class Quantity:
    """One underlying quantity: its value on a day, and sentences that state it."""

    def __init__(self, base, growth, templates, place=None, floor=1, per_day=False):
        self.base = base          # value at START
        self.growth = growth      # change per day (negative: shrinks)
        self.templates = templates
        self.place = place
        self.floor = floor
        self.per_day = per_day    # tied to a day: varies day to day rather than trending

    def value(self, day, rng):
        if self.per_day:
            return max(self.floor, int(self.base * rng.uniform(0.5, 1.5)))
        return max(self.floor, int(self.base + self.growth * day))


def quantities(rng):
    """The beat's quantities: national ones and one set per place."""
    qs = [
        Quantity(110, 0.12, [
            "Hamas has released {n} hostages since the truce began{attr}.",
            "In all, {n} captives have been freed so far{attr}.",
            "Militants have handed over {n} hostages in {ord} exchanges{attr}.",
        ]),
        Quantity(240, -0.18, [
            "{n} hostages are believed to remain in Gaza{attr}.",
            "Hamas is still holding {n} captives{attr}.",
            "Some {n} hostages are still held in the enclave{attr}.",
        ], floor=20),
        Quantity(300, 1.6, [
            "Israel has freed {n} Palestinian prisoners under the deal{attr}.",
            "{n} Palestinian detainees have been released from Israeli jails so far{attr}.",
        ]),
        Quantity(9000, 38.0, [
            "More than {n} Palestinians have been killed in Gaza since the war began{attr}.",
            "The war has killed {n} people in Gaza{attr}.",
            "The death toll in Gaza has risen to {n}{attr}.",
        ]),
        Quantity(1200, 0.0, [
            "Hamas-led militants killed {n} people in Israel on Oct. 7, 2023{attr}.",
            "The Oct. 7 attack killed about {n} people{attr}.",
        ]),
        Quantity(250, 0.0, [
            "{n} people were taken hostage on Oct. 7{attr}.",
            "The attackers abducted {n} people{attr}.",
        ]),
        Quantity(85, 0.0, [
            "About {n} percent of Gaza's population has been displaced{attr}.",
            "{n} percent of the enclave's residents have fled their homes{attr}.",
        ], floor=50),
        Quantity(42, 0.0, [
            "Israel is seeking a {n}-day extension of the truce's {ord} phase{attr}.",
            "The {ord} phase of the cease-fire lasts {n} days{attr}.",
        ], floor=5),
        Quantity(600, 0.0, [
            "{n} aid trucks entered Gaza on {date}{attr}.",
            "On {date}, {n} trucks carrying food and medicine crossed into the strip{attr}.",
        ], per_day=True),
        Quantity(25, 0.0, [
            "The Rafah crossing lies about {n} miles from Khan Younis.",
            "The corridor runs {n} kilometers along the border.",
        ], floor=2),
        Quantity(250, 0.4, [
            "Donors pledged ${n} million in humanitarian aid{attr}.",
            "The plan calls for ${n} million to rebuild hospitals{attr}.",
        ]),
        Quantity(400, 0.0, [
            "{n} rockets were fired at southern Israel on {date}{attr}.",
            "The military said militants launched {n} rockets on {date}.",
        ], per_day=True),
        Quantity(50000, 120.0, [
            "At least {n} people have been wounded in Gaza{attr}.",
            "The number of wounded has passed {n}{attr}.",
        ]),
    ]
    for place in PLACES:
        qs.append(Quantity(rng.randint(200, 4000), rng.uniform(0.5, 6.0), [
            "In " + place + ", {n} people have been killed since the fighting resumed{attr}.",
            "Strikes on " + place + " have killed {n} people so far{attr}.",
        ], place=place))
        qs.append(Quantity(rng.randint(5000, 300000), rng.uniform(10, 200), [
            "About {n} people have been displaced from " + place + "{attr}.",
            "The fighting in " + place + " has forced {n} residents to flee{attr}.",
        ], place=place))
        qs.append(Quantity(rng.randint(2, 40), 0.0, [
            "{n} hospitals in " + place + " are no longer working{attr}.",
            "Only {n} clinics remain open in " + place + "{attr}.",
        ], place=place))
    return qs


def day_name(d):
    return f"{MONTHS[d.month - 1]} {d.day}"


def spell(n, rng):
    """A figure in one of the ways news writes it."""
    if n <= 20 and rng.random() < 0.6:
        return WORDS[n]
    if n >= 1000 and rng.random() < 0.8:
        return f"{n:,}"
    return str(n)


def stated(value, rng):
    """The value as a source gives it: mostly exact, sometimes rounded, hedged or stale."""
    r = rng.random()
    if r < 0.65:
        return spell(value, rng)
    if r < 0.85 and value > 50:
        magnitude = 10 ** (len(str(value)) - 2)
        return spell(round(value / magnitude) * magnitude, rng)
    if r < 0.93:
        # A disagreeing source.
        return spell(max(1, int(value * rng.choice([0.9, 0.95, 1.05, 1.1]))), rng)
    return spell(value, rng)


def attribution(rng):
    if rng.random() < 0.45:
        return ", according to " + rng.choice(AGENCIES)
    if rng.random() < 0.3:
        return ", " + rng.choice(AGENCIES) + " said"
    return ""


FILLER = [
    "Negotiators met again in {capital} on {weekday}, but no agreement was announced.",
    "{mediator} pressed both sides to return to the table.",
    "Residents described long lines for bread and water.",
    "The talks were expected to resume after the holiday.",
    "Officials declined to comment on the details of the proposal.",
    "Families of the captives rallied outside the prime minister's office in {capital}.",
    "Aid groups warned that the situation in {place} was getting worse.",
    "The {ord} round of talks ended without a breakthrough.",
    "Diplomats said the gaps between the two sides remained wide.",
    "Witnesses in {place} reported heavy shelling overnight.",
]


def sentence(q, day, date, rng):
    template = rng.choice(q.templates)
    when = date - dt.timedelta(days=rng.randint(0, 3))
    return template.format(
        n=stated(q.value(day, rng), rng),
        attr=attribution(rng),
        ord=rng.choice(ORDINALS),
        date=day_name(when),
    )


def filler(rng):
    return rng.choice(FILLER).format(
        capital=rng.choice(CAPITALS), weekday=rng.choice(WEEKDAYS),
        mediator=rng.choice(MEDIATORS), place=rng.choice(PLACES), ord=rng.choice(ORDINALS),
    )


def article(qs, rng, size):
    """A title, a date and paragraphs of about `size` bytes on one story."""
    day = rng.randrange(SPAN)
    date = START + dt.timedelta(days=day)
    focus = rng.sample(qs, k=min(len(qs), rng.randint(4, 9)))
    place = rng.choice(PLACES)
    title = (f"{rng.choice(['Truce Talks', 'Cease-Fire Talks', 'Hostage Talks'])} "
             f"{rng.choice(['Resume', 'Stall', 'Falter', 'Advance'])} in "
             f"{rng.choice(CAPITALS)} as Fighting Continues in {place}")
    paragraphs, length = [], len(title)
    while length < size:
        para = []
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.7:
                para.append(sentence(rng.choice(focus), day, date, rng))
            else:
                para.append(filler(rng))
        if rng.random() < 0.3:
            para.append(f"The delegations arrived on {rng.choice(WEEKDAYS)}, "
                        f"{day_name(date - dt.timedelta(days=1))}.")
        text = " ".join(para)
        paragraphs.append(text)
        length += len(text) + 2
    return title, date, paragraphs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--drafts", type=int, default=0, help="also write K drafts of ~5 KB")
    ap.add_argument("--size", type=int, default=3000, help="mean article size in bytes")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    qs = quantities(rng)
    os.makedirs(args.out, exist_ok=True)
    docs, total = [], 0
    for i in range(args.n):
        title, date, paragraphs = article(qs, rng, int(rng.uniform(0.5, 1.5) * args.size))
        name = f"syn_{i:06d}"
        body = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        with open(os.path.join(args.out, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(body)
        total += len(body.encode("utf-8"))
        docs.append({"id": name, "file": name + ".txt", "title": title,
                     "published": date.isoformat(), "date_basis": "synthetic"})
    manifest = {"about": f"Synthetic corpus of {args.n} articles (scripts/gen_corpus.py, "
                         f"seed {args.seed}); {total} bytes of text.",
                "documents": docs}
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=0)
    if args.drafts:
        drafts = []
        for _ in range(args.drafts):
            _, _, paragraphs = article(qs, rng, 5000)
            drafts.append("\n\n".join(paragraphs))
        with open(os.path.join(args.out, "drafts.json"), "w", encoding="utf-8") as f:
            json.dump(drafts, f)
    print(f"wrote {args.n} articles ({total / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
