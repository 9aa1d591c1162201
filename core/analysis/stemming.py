"""Hungarian and English word → stem keys, cached per word form.

Hungarian keys come from Hunspell's hu_HU morphological dictionary (Magyar Ispell 1.7, vendored in
`data/stemming/`, read through the `chunspell` binding), choosing among its several stems with a few
rules measured on UD Hungarian-Szeged; words it does not know fall back to Snowball. A key is a
lowercase stem with accents: accent folding is a later step, because the dictionary needs accents.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import hunspell  # type: ignore[import-untyped]  # the import name of `chunspell`
import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type information

DATA_DIR = Path(__file__).parent / "data" / "stemming"

_SNOWBALL_HU = Stemmer.Stemmer("hungarian")
_SNOWBALL_EN = Stemmer.Stemmer("english")

# Readings Hunspell offers that are almost never meant: an ordinal of a number (első → egy), a
# verbal adverb (éve → eszik), pronoun paradigms (miért → én), "I … you" verbs (bevételek → bevét).
_UNLIKELY = ("dik_ORDINAL", "vA_PART_adv", "po:noun_pron", "SG_1_OBJ_2")
# Parts of speech that are words of their own, never a noun or adjective reading of a verb form.
_FUNCTION_WORDS = ("po:con", "po:adv", "po:post", "po:det", "po:prv", "po:art", "po:inj", "po:pre")
# UD Szeged lemmatises the forms of `lesz` apart from `van`; Hunspell merges them into `van`. The
# modal `lehet` paradigm goes with `lesz` whole (Hunspell read lehet as lesz but lehetett as van).
_LESZ = frozenset(
    {
        "lesz", "leszek", "leszel", "leszünk", "lesztek", "lesznek", "lett", "lettem", "lettél",
        "lettünk", "lettetek", "lettek", "legyen", "legyek", "legyél", "légy", "legyünk",
        "legyetek", "legyenek", "lenne", "lennék", "lennél", "lennénk", "lennétek", "lennének",
        "lenni", "lennie", "lenniük", "lehet", "lehetett", "lehetne", "lehessen", "lehetnek", "lehettek",
        "lehetnének", "lehetnék", "lehetnénk",
    }
)
# Case and other suffixes written after a hyphen on abbreviations, numbers and foreign names
# (AkH. 12, 217: EU-ban, NATO-t, 2020-ban); the key is the part before the hyphen.
_HYPHEN_SUFFIXES = frozenset(
    {
        "a", "e", "é", "i", "k", "n", "s", "t", "ba", "be", "ban", "ben", "ból", "ből", "d",
        "ért", "hez", "hoz", "höz", "ig", "jé", "ka", "ke", "kal", "kel", "kat", "ket", "kban",
        "kben", "kból", "kből", "kért", "khoz", "khez", "kig", "kkal", "kkel", "kká", "kké",
        "kon", "ken", "kra", "kre", "kről", "któl", "ktől", "ként", "nak", "nek", "nál", "nél",
        "on", "en", "ön", "ra", "re", "ról", "ről", "ta", "te", "tól", "től", "tal", "tel", "ul",
        "ül", "val", "vel", "vá", "vé", "ás", "és",
    }
)
# Suffixes Hunspell files as inflection that UD Szeged (and a searcher) treats as making a word of
# its own, keyed by the Hunspell tag, valued by where that word ends: négytagú, nevű (-ú/-ű),
# forintnyi (-nyi), látva, mondván (verbal adverbs, which do not inflect: the whole word).
_OWN_WORDS = {"jÚ_PROPERTY": "úű", "nyi_MEASURE": "i", "vA_PART_adv": "", "vÁn_PART_adv": ""}
_FIELD = re.compile(r"(\w\w):(\S+)")
# Derivations that keep their base's meaning, whose base a page is also found by (at a lower weight):
# kerékpáros (-s/-os/-es/-ös), szépség (-ság/-ség), iskolabeli (-beli), hosszú, kétszintű (-ú/-ű).
# Not -talan/-telen (its opposite) nor verb-to-noun ones (-ás/-és), which name another thing.
_PRODUCTIVE = ("s_ATTRIBUTE_adj", "s_OCCUPATION_noun", "sÁg_ABSTRACT_noun", "beli_LOCATIVE_adj", "jÚ_PROPERTY_adj")
_DERIVATION = re.compile(r"(?:ds|is):(\S+)")
_UNACCENTED = str.maketrans("áéíóöőúüű", "aeiooouuu")  # a base's last vowel lengthens or shortens: fa → fás, víz → vizes
# Analyses whose stem Hunspell must build (derivations, compounds): otherwise the stem is plain text.
_NEEDS_STEMMER = re.compile(r"ds:|pa:|\(")
# Suffixes that make a reading less likely; a comparative does not (jobb → jó, not jobb).
_SUFFIX = re.compile(r" is:(?!bb_COMPARATIVE)")


@dataclass(frozen=True, slots=True)
class _Reading:
    """One Hunspell analysis, reduced to what choosing a stem needs."""

    stem: str
    head: str  # first part of a compound that the analysis leaves out (bevásárló|központ)
    last_part: str  # a compound's last member as written (esély|egyenlőségi → egyenlőségi), else ""
    rank: int  # 0 plain, 1 proper noun, 2 derived (ds:), 4 unlikely; 3 is for no reading at all
    verb: bool
    suffixes: int  # inflections counted against a reading (zenét: zene+t before zen+é+t)
    past_singular: bool  # volt, adott, tudta: verb readings often hidden behind a noun or adjective
    function_word: bool
    adverb: bool  # read as an adverb, lexicalised (egyidejűleg) or derived (lassan: lassú + -an)
    prefixed: bool  # a verbal prefix split off (el|fogad): its participles are mostly adjectives
    i_adjective: bool  # an -i adjective made from a noun (megyei: megye+i), not a verb form (fedezi)
    own_word: str | None  # the suffix that ends a word of its own (see _OWN_WORDS), else None
    productive: bool = False  # one derivation of _PRODUCTIVE made the word from `stem` (kerékpáros: kerékpár)


@lru_cache(maxsize=1)
def _dictionary() -> hunspell.Hunspell:
    """Load hu_HU once, on first use (about 0.5 s and 25 MB)."""
    return hunspell.Hunspell("hu_HU", hunspell_data_dir=str(DATA_DIR))


def _reading(word: str, analysis: str) -> _Reading | None:
    fields = _FIELD.findall(analysis)
    stems = [value for name, value in fields if name == "st"]
    if not stems:
        return None
    # A verbal prefix Hunspell splits off (meg|valósít, közzé|tett) belongs to the stem.
    prefix = "".join(value for name, value in fields if name in ("sp", "pr"))
    if any(marker in analysis for marker in _UNLIKELY):
        rank = 4
    elif "ds:" in analysis:
        rank = 2
    elif "po:noun_prs" in analysis:
        rank = 1
    else:
        rank = 0
    stem = (prefix + stems[-1]).lower()
    part_list = [value.lower() for name, value in fields if name == "pa"]
    parts = "".join(part_list)
    head = ""
    if parts and word.endswith(parts):
        head = word[: len(word) - len(parts)]
    elif analysis.startswith("po:adj_num"):  # a numeral compound (hétéves, négytagú)
        head = word[: max(word.find(stem[:2], 1), 0)]
    return _Reading(
        stem=stem,
        head=head,
        last_part=part_list[-1] if part_list and (head or len(part_list) > 1) else "",
        rank=rank,
        verb="po:vrb" in analysis,
        suffixes=len(_SUFFIX.findall(analysis)),
        past_singular=re.search(r"is:PAST_INDIC_(IN)?DEF_SG_3", analysis) is not None,
        function_word=any(pos in analysis for pos in _FUNCTION_WORDS),
        adverb="po:adv" in analysis or "_adv" in analysis,
        prefixed=bool(prefix),
        i_adjective="i_PLACE/TIME_adj" in analysis,
        own_word=next((end for tag, end in _OWN_WORDS.items() if tag in analysis), None),
        productive=_productive(analysis),
    )


def _productive(analysis: str) -> bool:
    """Whether the analysis derives the word from its stem by one derivation of _PRODUCTIVE."""
    derivations = [tag for tag in _DERIVATION.findall(analysis) if "_" in tag and not tag.isupper()]
    return len(derivations) == 1 and derivations[0] in _PRODUCTIVE


def _plain_stem(analysis: str) -> str:
    """A verbal prefix and the stem (meg|valósít), as Hunspell's stem() builds it."""
    fields = _FIELD.findall(analysis)
    prefix = "".join(value for name, value in fields if name in ("sp", "pr"))
    stem: str = [value for name, value in fields if name == "st"][-1]
    return (prefix + stem).lower()


def _with_head(candidate: str, readings: list[_Reading]) -> str:
    """Put back a compound's first part where Hunspell's stem lost it (bevásárló|központ)."""
    for reading in readings:
        if reading.head and candidate.startswith(reading.stem[:2]):
            return reading.head + candidate
    return candidate


def _casings(speller: hunspell.Hunspell, word: str) -> Iterator[tuple[str, list[str]]]:
    """(form, analyses) as written, Capitalised, then in capitals: lowercased text hides proper
    nouns and acronyms. Hunspell looks a word in capitals up in every casing, so when it has no
    analysis the Capitalised form has none either (no exception among 27,000 NerKor forms and
    their unaccented spellings): one lookup instead of two for the words the dictionary lacks,
    about half of all distinct forms once unaccented spellings are counted."""
    yield word, speller.analyze(word)
    upper = word.upper()
    in_capitals = speller.analyze(upper)
    if in_capitals:
        capitalised = word[:1].upper() + word[1:]
        yield capitalised, speller.analyze(capitalised)
        yield upper, in_capitals


def _analyse(word: str) -> tuple[list[str], list[_Reading]]:
    """Hunspell's stems and readings of the first casing the dictionary knows."""
    speller = _dictionary()
    for form, analyses in _casings(speller, word):
        if not analyses:
            continue
        readings = [r for a in analyses if (r := _reading(word, a)) is not None]
        # Plain readings (no derivation, no compound) outrank the rest and need no stem(), which
        # runs at a tenth of analyze()'s speed; it is asked only when there are none.
        plain = [a for a in analyses if "st:" in a and not _NEEDS_STEMMER.search(a)]
        stems = [_plain_stem(a) for a in plain] or [s.lower() for s in speller.stem(form)]
        if stems:
            return list(dict.fromkeys(_with_head(s, readings) for s in stems)), readings
    return [], []


def _choose(word: str, stems: list[str], readings: list[_Reading]) -> str:
    """Pick one of Hunspell's stems: plain readings before derived and unlikely ones."""

    def rank(candidate: str) -> tuple[int, int]:
        matching = [(r.rank, r.suffixes) for r in readings if candidate.endswith(r.stem)]
        return min(matching, default=(3, 0))

    verbs = {r.stem for r in readings if r.verb and r.rank == 0}

    def order(candidate: str) -> tuple[int, int, int]:
        # jelentette: jelent+ette before the causative jelentet+te, when both are plain readings.
        causative = candidate in verbs and any(
            candidate[len(v):] in ("tat", "tet", "at", "et") and candidate.startswith(v) for v in verbs
        )
        return (*rank(candidate), int(causative))

    ranked = sorted(stems, key=order)
    likely = [s for s in ranked if rank(s)[0] < 4] or ranked
    if word in likely and any(r.stem == word and r.function_word for r in readings):
        return word  # vagy is "or" far more often than "you are"
    # -i adjectives (önkormányzati, megyei) share the key of their noun.
    for candidate in likely:
        if word == candidate + "i":
            return candidate
    best = likely[0]
    from_best = [r for r in readings if best.endswith(r.stem)]
    if from_best and all(r.own_word is not None for r in from_best):
        end = max((word.rfind(c) for c in from_best[0].own_word or ""), default=-1)
        return word[: end + 1] if end > 0 else word
    # A noun or adjective that is also a past verb form (volt, tett, adott, tudta): take the verb,
    # the commoner reading in running text, unless the word is a function word.
    bare = [r for r in readings if r.stem == best]
    if bare and not any(r.verb or r.function_word for r in bare):
        for candidate in likely[1:]:
            if any(r.stem == candidate and r.past_singular and r.rank == 0 and not r.prefixed for r in readings):
                return candidate
    return best


@lru_cache(maxsize=4096)
def _ik_lemma(key: str) -> str:
    """dolgozik for dolgoz, a bare stem Hunspell gives for dolgozott; ér, adat (nouns too) stay.

    Depends on the key alone, so a whole paradigm moves together (vesz joins the rare veszik).
    """
    speller = _dictionary()
    own = [r for a in speller.analyze(key) if (r := _reading(key, a)) is not None and r.stem == key]
    if any(not r.verb for r in own):
        return key
    lemma = key + "ik"
    readings = [r for a in speller.analyze(lemma) if (r := _reading(lemma, a)) is not None]
    return lemma if any(r.verb and r.stem == lemma for r in readings) else key


# Endings of adverbs Hunspell lists as words of their own (egyidejűleg, meglehetősen, közelebb),
# with the parts of speech the rest must have to be their base: -bb also makes adverbs comparative.
_ADVERB_ENDINGS = (("lag", "po:adj"), ("leg", "po:adj"), ("an", "po:adj"), ("en", "po:adj"),
                   ("abb", "po:ad"), ("ebb", "po:ad"), ("bb", "po:ad"))


def _adverb_base(word: str) -> str:
    """Key of the word a lexicalised adverb is made from (egyidejűleg → egyidejű, legközelebb →
    közel, lassan → lassú), else "". UD Szeged lemmatises some of these to their base and NerKor most to
    themselves, so the base is a lower-weighted reading beside the key, not the key."""
    if word.startswith("leg") and word.endswith("bb") and len(word) > 6:
        word = word[3:]  # a superlative: leg…bb
    speller = _dictionary()
    for analysis in speller.analyze(word):
        if "ds:An_MODE_adv" in analysis and "st:" in analysis:
            return stem(_plain_stem(analysis))  # lassan: Hunspell's derivation from lassú
    for ending, part_of_speech in _ADVERB_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= 3 and any(part_of_speech in a for a in speller.analyze(base)):
            return stem(base)
    return ""


@dataclass(frozen=True, slots=True)
class WordAnalysis:
    """What the index holds for one word beside its surface forms."""

    key: str  # the stem key: forms of one lemma share it (accents kept)
    adjective: str  # an -i adjective whose key is its noun's (megyeinek: megyei, key megye), else ""
    member: str  # key of a compound's last member (esélyegyenlőségi → egyenlőség), else ""
    readings: tuple[str, ...] = ()  # the stems of Hunspell's other readings (megromlott: megromlik)
    bases: tuple[str, ...] = ()  # keys of the words it is derived from (kerékpáros: kerékpár), see _PRODUCTIVE
    guessed: bool = False  # the dictionary lacks the word: the key is Snowball's

    @property
    def derived(self) -> bool:
        return bool(self.adjective)


@lru_cache(maxsize=200_000)
def analyse(word: str) -> WordAnalysis:
    """Stem key of a lowercase Hungarian word, whether it joins a noun's key, its compound member."""
    if word in _LESZ:
        return WordAnalysis("lesz", "", "")
    head, hyphen, tail = word.rpartition("-")
    if hyphen and head and tail in _HYPHEN_SUFFIXES:
        return analyse(head)
    if any(char.isdigit() for char in word):
        return WordAnalysis(word, "", "")  # Hunspell reads numbers as words of their own (2020 → 0)
    stems, readings = _analyse(word)
    if not stems:
        if word.endswith("i") and _analyse(word[:-1])[0]:
            # -i adjectives the dictionary lacks (beruházási, biztosítási)
            return WordAnalysis(stem(word[:-1]), word, analyse(word[:-1]).member)
        return WordAnalysis(str(_SNOWBALL_HU.stemWord(word)), "", "", guessed=True)
    key = _choose(word, stems, readings)
    if any(r.verb and r.stem == key for r in readings):
        key = _ik_lemma(key)
    adjective = word if word == key + "i" and any(r.i_adjective and r.stem == key for r in readings) else ""
    if key != word and key.endswith("i") and key[:-1] and stem(key) == key[:-1]:
        key, adjective = key[:-1], key  # an inflected -i adjective (utcaihoz → utcai → utca)
    others = [candidate for candidate in stems if candidate not in (key, adjective)]
    if key == word and any(r.adverb for r in readings):
        base = _adverb_base(word)
        if base and base not in (key, *others):
            others.append(base)
    return WordAnalysis(key, adjective, _member(key, readings), tuple(others), _bases(word, key, readings))


def _bases(word: str, key: str, readings: list[_Reading]) -> tuple[str, ...]:
    """Keys of the words `word` is derived from by a productive derivation, other than its key; a
    base must show in the word (its first letters but the last two, for víz → vizes, fa → fás)."""
    found: list[str] = []
    for reading in readings:
        if not reading.productive or reading.rank == 4:
            continue
        base = _with_head(reading.stem, readings)
        if len(base) < 2 or base[: max(2, len(base) - 2)].translate(_UNACCENTED) not in word.translate(_UNACCENTED):
            continue
        # Hunspell's stem is the base's dictionary form, its key as a rule; stem() here could loop
        # (a base read as derived from its derivation).
        if base not in (key, word) and base not in found:
            found.append(base)
    return tuple(found)


def _member(key: str, readings: list[_Reading]) -> str:
    """Key of the last member of a compound key, if Hunspell split it and it differs from the key."""
    parts = [r.last_part for r in readings if r.last_part]
    last = min(parts, key=len, default="")  # szennyvíz|elvezetés rather than szenny|vízelvezetés
    if len(last) < 3 or last == key:
        return ""
    member = stem(last)
    return member if len(member) >= 3 and member != key else ""


def stem(word: str) -> str:
    """Stem key of a lowercase Hungarian word; forms of one lemma share it, with accents kept."""
    return analyse(word).key


@lru_cache(maxsize=100_000)
def stem_english(word: str) -> str:
    """Snowball English stem of a lowercase word."""
    return str(_SNOWBALL_EN.stemWord(word))


def related_stems(word: str) -> tuple[str, ...]:
    """Stems a query word may mean besides its key: Hunspell's other readings and the key's own
    key (garantáltan → garantált → garantál; közelmúltban → közelmúlt), for lower-weighted matches."""
    analysis = analyse(word)
    if analysis.guessed:
        # The key's own key would be a guess about a guess: ovodak (óvodák typed without accents)
        # → Snowball's ovod → the verb óv, whose pages have nothing to do with kindergartens.
        return ()
    related = [*analysis.readings, *(stem(candidate) for candidate in analysis.readings), stem(analysis.key)]
    return tuple(dict.fromkeys(candidate for candidate in related if candidate and candidate != analysis.key))


def load_spellers() -> None:
    """Load both hu_HU spellers now (about 1 s), so that no request waits for them."""
    _dictionary()
    _accent_speller()


@lru_cache(maxsize=20_000)
def accent_suggestions(word: str) -> tuple[str, ...]:
    """Hunspell's suggestions for an unaccented word, lowercased: ~8 ms a word, so only for words
    no page holds."""
    return tuple(dict.fromkeys(suggestion.lower() for suggestion in _accent_speller().suggest(word)))


# Edits that only correct typos: a letter from TRY added or replaced, a neighbour on the keyboard
# (KEY), n-gram and two-word guesses. Accents come back through the MAP table (a→á, o→ó/ö/ő, …) and
# compounds. Without the rest, suggest() gave the same accented words for 200 of 200 unaccented
# query words in 7.8 instead of 31.7 ms a word (at 100,000 pages they were the slowest part of a
# cold unaccented query).
_TYPO_ONLY = (b"TRY", b"KEY")
_NO_TYPO_GUESSES = b"MAXNGRAMSUGS 0\nNOSPLITSUGS\n"


@lru_cache(maxsize=1)
def _accent_speller() -> hunspell.Hunspell:
    """A second hu_HU whose suggestions restore accents only (about 0.5 s and 25 MB, on first use).

    Hunspell reads its settings from the .aff file alone, so the shipped file (kept unmodified) is
    copied without the typo edits into a temporary folder, read, and the folder removed."""
    lines = (DATA_DIR / "hu_HU.aff").read_bytes().split(b"\n")
    with tempfile.TemporaryDirectory(prefix="projektkereso-hunspell-") as folder:
        Path(folder, "hu_HU.aff").write_bytes(_NO_TYPO_GUESSES + b"\n".join(line for line in lines if not line.startswith(_TYPO_ONLY)))
        shutil.copyfile(DATA_DIR / "hu_HU.dic", Path(folder, "hu_HU.dic"))
        return hunspell.Hunspell("hu_HU", hunspell_data_dir=folder)
