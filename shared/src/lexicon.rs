//! Word lists: lemmas, the synonym lexicon of counted things, predicates, hedges, and the
//! function words that bound noun phrases.
//!
//! All lookups take ASCII-lowercased words. To teach Tally a new synonym or predicate, add it
//! here; nothing else needs to change.

/// A crude but predictable English lemmatizer for nouns and verbs: "hostages" → "hostage",
/// "bodies" → "body", "freed" → "free", "Israel’s" → "israel".
pub fn lemma(w: &str) -> String {
    let w = strip_possessive(w);
    if let Some(l) = irregular(w) {
        return l.to_string();
    }
    if w.len() <= 3 {
        return w.to_string();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_string();
        }
    }
    let keep = ["ss", "us", "sis", "itis", "his", "this", "ics"];
    if w.ends_with('s') && !keep.iter().any(|k| w.ends_with(k)) {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// "israel’s" → "israel", "hamas’" → "hamas", "israel's" → "israel".
pub fn strip_possessive(w: &str) -> &str {
    for s in ["’s", "'s", "’", "'"] {
        if let Some(stem) = w.strip_suffix(s) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    w
}

fn irregular(w: &str) -> Option<&'static str> {
    Some(match w {
        "people" | "persons" => "person",
        "children" => "child",
        "women" => "woman",
        "men" => "man",
        "gunmen" => "gunman",
        "servicemen" => "serviceman",
        "policemen" => "policeman",
        "lives" => "life",
        "remains" => "remains",
        "news" => "news",
        "hamas" => "hamas",
        "mass" => "mass",
        "citizens" => "citizen",
        "freed" => "free",
        "held" => "hold",
        "took" | "taken" => "take",
        "fled" => "flee",
        "died" => "die",
        "dead" => "dead",
        _ => return None,
    })
}

/// The concept a counted noun stands for, through the synonym lexicon: "captive" → "hostage",
/// "detainee" → "prisoner", "gunman" → "militant". Demonyms count people.
pub fn concept(lemma: &str) -> &str {
    match lemma {
        "captive" | "abductee" | "hostage" => "hostage",
        "prisoner" | "detainee" | "inmate" => "prisoner",
        "gunman" | "militant" | "fighter" | "terrorist" | "combatant" | "insurgent" => "militant",
        "body" | "remains" | "corpse" | "coffin" | "casket" => "body",
        "person" | "individual" | "resident" | "inhabitant" | "soul" | "population"
        | "palestinian" | "israeli" | "gazan" | "egyptian" | "american" | "qatari" => "person",
        "child" | "kid" | "minor" => "child",
        "woman" => "woman",
        "soldier" | "troop" | "serviceman" => "soldier",
        "civilian" => "civilian",
        "death" | "fatality" => "death",
        "casualty" => "casualty",
        "truck" | "lorry" => "truck",
        other => other,
    }
}

/// Nationality and group adjectives kept as qualifiers of a counted thing.
pub fn qualifier(lemma: &str) -> Option<&'static str> {
    Some(match lemma {
        "palestinian" | "gazan" => "palestinian",
        "israeli" => "israeli",
        "living" | "alive" | "live" => "alive",
        "dead" | "deceased" | "late" | "slain" | "fallen" => "dead",
        "american" | "us" | "u.s." => "american",
        "security" => "security",
        "female" | "woman" => "female",
        "male" => "male",
        "child" | "minor" => "child",
        "civilian" => "civilian",
        _ => return None,
    })
}

/// What is said of a quantity, as a canonical predicate: "freed" → "released".
pub fn predicate(w: &str) -> Option<&'static str> {
    Some(match w {
        "kill" | "kills" | "killed" | "killing" | "slain" | "massacred" | "perished" | "died"
        | "die" | "dies" | "death" | "deaths" | "toll" | "fatalities" => "killed",
        "dead" => "dead",
        "release" | "released" | "releases" | "releasing" | "free" | "freed" | "frees"
        | "freeing" | "handed" | "hand" | "hands" | "handing" | "handover" | "return"
        | "returned" | "returns" | "returning" | "swap" | "swaps" | "swapped" | "swapping"
        | "exchange" | "exchanges" | "exchanged" | "exchanging" | "repatriated" | "gave"
        | "give" | "gives" | "giving" => "released",
        "hold" | "holds" | "held" | "holding" | "remain" | "remained" | "remaining"
        | "captivity" => "held",
        "abduct" | "abducts" | "abducted" | "abducting" | "kidnap" | "kidnaps" | "kidnapped"
        | "kidnapping" | "seize" | "seizes" | "seized" | "seizing" | "capture" | "captures"
        | "captured" | "capturing" => "taken",
        "wound" | "wounded" | "wounding" | "injure" | "injured" | "injuring" | "injuries" => {
            "wounded"
        }
        "displace" | "displaced" | "displacing" | "displaces" | "uprooted" | "fled" => "displaced",
        "rescue" | "rescued" | "rescuing" => "rescued",
        "extend" | "extended" | "extending" | "extension" | "prolong" | "prolonged"
        | "prolonging" | "prolongation" | "lengthen" | "lengthened" | "lengthening" => "extended",
        "wide" | "width" => "wide",
        "long" | "length" | "runs" | "stretches" | "stretching" | "spans" | "spanning" => "long",
        "convicted" | "sentenced" => "convicted",
        "alive" => "alive",
        "critically" | "seriously" | "gravely" => "critical",
        "arrested" | "arrest" | "detained" => "arrested",
        _ => return None,
    })
}

/// Verbs of saying that introduce an attribution: "Israel says", "officials reported".
pub fn is_say_verb(w: &str) -> bool {
    matches!(
        w,
        "say"
            | "says"
            | "said"
            | "report"
            | "reports"
            | "reported"
            | "estimate"
            | "estimates"
            | "estimated"
            | "told"
            | "tells"
            | "claim"
            | "claims"
            | "claimed"
            | "confirm"
            | "confirms"
            | "confirmed"
            | "announce"
            | "announces"
            | "announced"
            | "stated"
            | "states"
            | "cited"
            | "cites"
            | "citing"
            | "put"
            | "puts"
    )
}

/// Words that show an amount is proposed or hoped for, not done: "seeking a 42-day extension".
pub fn is_modal(w: &str) -> bool {
    matches!(
        w,
        "seek"
            | "seeking"
            | "seeks"
            | "sought"
            | "want"
            | "wants"
            | "wanted"
            | "demand"
            | "demands"
            | "demanded"
            | "demanding"
            | "ask"
            | "asks"
            | "asked"
            | "asking"
            | "propose"
            | "proposes"
            | "proposed"
            | "proposal"
            | "offer"
            | "offers"
            | "offered"
            | "willing"
            | "pressed"
            | "pressing"
            | "push"
            | "pushed"
            | "pushing"
            | "urge"
            | "urged"
            | "urging"
            | "ready"
            | "prepared"
            | "plan"
            | "plans"
            | "planned"
            | "would"
            | "could"
            | "might"
            | "may"
            | "will"
            | "expected"
            | "suggested"
    )
}

/// Words that negate what follows within a clause.
pub fn is_negation(w: &str) -> bool {
    matches!(
        w,
        "not" | "no" | "never" | "n't" | "without" | "nor" | "none"
    ) || w.ends_with("n't")
        || w.ends_with("n’t")
}

/// Auxiliary and linking words that show a figure is the subject of what follows:
/// "48,000 people *have been* killed", "59 captives *remain*".
pub fn is_subject_link(w: &str) -> bool {
    matches!(
        w,
        "are"
            | "were"
            | "is"
            | "was"
            | "have"
            | "has"
            | "had"
            | "be"
            | "been"
            | "being"
            | "will"
            | "would"
            | "could"
            | "may"
            | "might"
            | "remain"
            | "remains"
            | "remained"
            | "believed"
            | "thought"
            | "reportedly"
            | "still"
            | "now"
            | "also"
            | "all"
            | "reported"
            | "confirmed"
            | "said"
            | "feared"
            | "presumed"
            | "who"
    )
}

/// Finite verbs that often follow a noun phrase in news and would otherwise read as its head
/// noun: "the six-week first phase *provides* for", "the 42-day truce *began*".
pub fn is_finite_verb(w: &str) -> bool {
    matches!(
        w,
        "provides"
            | "includes"
            | "involves"
            | "requires"
            | "envisages"
            | "envisions"
            | "stipulates"
            | "covers"
            | "allows"
            | "begins"
            | "began"
            | "ends"
            | "expires"
            | "lasts"
            | "means"
            | "sees"
            | "saw"
            | "takes"
            | "took"
            | "comes"
            | "came"
            | "goes"
            | "went"
            | "gives"
            | "gave"
            | "brings"
            | "brought"
            | "makes"
            | "made"
            | "seems"
            | "appears"
            | "stands"
            | "stood"
    )
}

/// Function words that end a noun phrase after a figure.
pub fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "from"
            | "by"
            | "with"
            | "and"
            | "or"
            | "but"
            | "as"
            | "than"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "were"
            | "was"
            | "are"
            | "is"
            | "be"
            | "been"
            | "have"
            | "has"
            | "had"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "do"
            | "did"
            | "does"
            | "not"
            | "still"
            | "so"
            | "since"
            | "including"
            | "into"
            | "over"
            | "under"
            | "after"
            | "before"
            | "during"
            | "while"
            | "if"
            | "when"
            | "where"
            | "this"
            | "these"
            | "those"
            | "their"
            | "its"
            | "his"
            | "her"
            | "our"
            | "your"
            | "my"
            | "it"
            | "they"
            | "them"
            | "he"
            | "she"
            | "we"
            | "you"
            | "i"
            | "there"
            | "here"
            | "then"
            | "more"
            | "less"
            | "most"
            | "each"
            | "every"
            | "per"
            | "via"
            | "about"
            | "against"
            | "among"
            | "between"
            | "within"
            | "without"
            | "through"
            | "until"
            | "toward"
            | "towards"
            | "upon"
            | "amid"
            | "despite"
            | "according"
            | "such"
            | "just"
            | "only"
            | "also"
            | "even"
            | "already"
            | "reportedly"
            | "believed"
            | "said"
            | "says"
            | "say"
            | "back"
            | "ago"
            | "later"
            | "earlier"
            | "again"
            | "out"
            | "up"
            | "down"
            | "off"
            | "away"
            | "all"
            | "both"
            | "either"
            | "neither"
            | "other"
            | "others"
            | "another"
            | "some"
            | "any"
            | "many"
            | "much"
            | "few"
            | "own"
            | "now"
            | "yet"
            | "ever"
            | "never"
            | "because"
            | "though"
            | "although"
            | "unless"
            | "whether"
            | "what"
            | "how"
            | "why"
            | "too"
            | "very"
            | "being"
            | "overnight"
            | "today"
            | "yesterday"
            | "tonight"
            | "tomorrow"
            | "daily"
            | "weekly"
            | "annually"
            | "instead"
            | "respectively"
    )
}

/// Pronouns and fillers that stand for a counted thing named elsewhere: "eight of *them*",
/// "30 *more*", "*another* 253".
pub fn is_anaphoric(w: &str) -> bool {
    matches!(
        w,
        "them"
            | "those"
            | "these"
            | "more"
            | "others"
            | "other"
            | "another"
            | "us"
            | "whom"
            | "which"
    )
}

/// Nouns after which a number is a name or identifier, not a quantity: "stage 2", "Channel 12".
pub fn is_identifier_noun(w: &str) -> bool {
    matches!(
        w,
        "phase"
            | "stage"
            | "round"
            | "channel"
            | "route"
            | "chapter"
            | "article"
            | "resolution"
            | "unit"
            | "room"
            | "flight"
            | "number"
            | "no"
            | "no."
            | "nos"
            | "nr"
            | "gate"
            | "building"
            | "highway"
            | "platform"
            | "page"
            | "season"
            | "episode"
            | "level"
            | "grade"
            | "category"
            | "vol"
            | "volume"
            | "section"
            | "paragraph"
            | "bus"
            | "version"
            | "tier"
            | "division"
            | "brigade"
            | "battalion"
            | "district"
            | "pier"
            | "terminal"
            | "ward"
            | "block"
            | "area"
            | "line"
            | "track"
            | "exit"
            | "apartment"
            | "floor"
            | "step"
            | "part"
            | "item"
            | "clause"
            | "point"
            | "rule"
            | "figure"
            | "table"
            | "camp"
            | "checkpoint"
            | "sector"
            | "zone"
            | "road"
            | "street"
            | "cell"
            | "model"
            | "type"
            | "class"
            | "series"
            | "size"
    )
}

/// Month names and abbreviations: "jan", "jan.", "january" → 1.
pub fn month(w: &str) -> Option<u8> {
    let w = w.trim_end_matches('.');
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Weekday names: "monday" → 1 … "sunday" → 7.
pub fn weekday(w: &str) -> Option<u8> {
    Some(match w {
        "monday" => 1,
        "tuesday" => 2,
        "wednesday" => 3,
        "thursday" => 4,
        "friday" => 5,
        "saturday" => 6,
        "sunday" => 7,
        _ => return None,
    })
}

/// The occasion a figure belongs to, when a word names one: an event, a deal or a stage of
/// one, in any beat ("a strike", "the exchange", "the 2014 war", "the first phase", "the
/// storm"). Synonyms share one name ("swap", "handover" → "exchange"). Two figures of different
/// occasions are two quantities, however alike what they count.
pub fn occasion(lemma: &str) -> Option<&'static str> {
    Some(match lemma {
        "strike" | "airstrike" | "bombing" | "bombardment" | "shelling" | "raid" => "strike",
        "attack" | "assault" | "ambush" | "massacre" => "attack",
        "offensive" | "operation" | "incursion" | "invasion" => "operation",
        "explosion" | "blast" => "explosion",
        "clash" | "battle" => "clash",
        "war" | "conflict" | "fighting" | "hostilities" => "war",
        "exchange" | "swap" | "handover" => "exchange",
        // "cease-fire" is read as "cease", a hyphen and "fire".
        "truce" | "ceasefire" | "cease" | "pause" | "halt" | "lull" => "truce",
        "deal" | "agreement" | "accord" => "deal",
        "proposal" | "offer" | "plan" => "proposal",
        "phase" | "stage" => "phase",
        "round" => "round",
        "election" | "referendum" | "primary" => "election",
        "earthquake" | "quake" | "aftershock" => "earthquake",
        "storm" | "hurricane" | "typhoon" | "cyclone" | "tornado" => "storm",
        "flood" | "flooding" => "flood",
        "wildfire" | "blaze" => "wildfire",
        "crash" | "accident" | "derailment" => "crash",
        "protest" | "riot" | "demonstration" => "protest",
        "epidemic" | "pandemic" | "outbreak" => "outbreak",
        _ => return None,
    })
}

/// Verbs of halting a war, as written (lowercase): what they stop for a time is a truce
/// ("halting the offensive for six weeks").
pub fn is_halt_verb(w: &str) -> bool {
    matches!(
        w,
        "halt" | "halts" | "halted" | "halting" | "pause" | "pauses" | "paused" | "pausing"
    )
}

/// Words, as written (lowercase), that make the figures near them terms under negotiation
/// rather than what happened: "talks on halting the offensive for six weeks in exchange for
/// freeing 40", "the six-week proposal". (Not "agreed": the terms of a deal that was carried
/// out are what happened.)
pub const PROPOSAL_WORDS: &[&str] = &[
    "proposal",
    "proposals",
    "proposed",
    "offer",
    "offers",
    "offered",
    "plan",
    "plans",
    "talk",
    "talks",
    "negotiation",
    "negotiations",
    "negotiator",
    "negotiators",
    "negotiate",
    "negotiating",
    "possible",
    // "agreed to free 700": a commitment, which may or may not have been kept.
    "agree",
    "agrees",
    "agreed",
    "demanded",
    "demanding",
];

/// Verbs of a level going up or down: the figure after "rose by" is the size of the change,
/// not the level.
pub fn is_level_change(w: &str) -> bool {
    matches!(
        w,
        "rose"
            | "risen"
            | "rise"
            | "rises"
            | "rising"
            | "fell"
            | "fallen"
            | "fall"
            | "falls"
            | "falling"
            | "increased"
            | "increase"
            | "increases"
            | "decreased"
            | "decrease"
            | "decreases"
            | "grew"
            | "grown"
            | "grow"
            | "grows"
            | "dropped"
            | "drop"
            | "drops"
            | "climbed"
            | "climbs"
            | "jumped"
            | "jumps"
            | "declined"
            | "declines"
            | "soared"
            | "plunged"
            | "surged"
    )
}

/// Abbreviations after which a period does not end a sentence.
pub fn is_abbreviation(w: &str) -> bool {
    month(w).is_some() && w != "may" && w != "march" && w.len() <= 4
        || matches!(
            w,
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "prof"
                | "gen"
                | "lt"
                | "col"
                | "sgt"
                | "capt"
                | "maj"
                | "rep"
                | "sen"
                | "gov"
                | "pres"
                | "st"
                | "jr"
                | "sr"
                | "vs"
                | "no"
                | "nos"
                | "nr"
                | "nrs"
                | "inc"
                | "ltd"
                | "co"
                | "corp"
                | "approx"
                | "est"
                | "fig"
                | "adm"
                | "brig"
                | "cmdr"
                | "supt"
                | "ft"
                | "mt"
                | "rev"
                | "hon"
                | "dept"
                | "e.g"
                | "i.e"
                | "u.s"
                | "u.k"
                | "u.n"
                | "a.m"
                | "p.m"
                | "mon"
                | "tue"
                | "tues"
                | "wed"
                | "thu"
                | "thur"
                | "thurs"
                | "fri"
                | "sat"
                | "sun"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas_of_news_nouns_and_verbs() {
        assert_eq!(lemma("hostages"), "hostage");
        assert_eq!(lemma("bodies"), "body");
        assert_eq!(lemma("people"), "person");
        assert_eq!(lemma("israel’s"), "israel");
        assert_eq!(lemma("hamas"), "hamas");
        assert_eq!(lemma("prisoners"), "prisoner");
        assert_eq!(lemma("witnesses"), "witness");
    }

    #[test]
    fn synonyms_share_a_concept() {
        assert_eq!(concept(&lemma("captives")), concept(&lemma("hostages")));
        assert_eq!(concept(&lemma("detainees")), concept(&lemma("inmates")));
        assert_eq!(concept(&lemma("gunmen")), "militant");
        assert_eq!(predicate("freed"), predicate("handed"));
    }
}
