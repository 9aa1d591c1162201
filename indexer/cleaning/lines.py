"""Line rules shared by HTML and text pages: chrome lines (bylines, counters, contact footers,
teaser boxes), list bullets, repeated runs, whitespace.
"""
from __future__ import annotations

import re
import unicodedata

SPACE = re.compile(r"\s+")
# A list bullet typed into the text (`* Járdaépítés`, `- Eszközbeszerzés`, `• …`): the item is content, the mark is not.
BULLET = re.compile(r"^(?:[*•·▪‣◦►]+|[-–—](?=\s))\s*(?=\w)")
INDENTED = re.compile(r"^(?:\t| {2,})\s*[^\W\d_]")
ALNUM = re.compile(r"[^\W_]")
# What ends a sentence, also in scripts with full-width stops (`。`, `！`, `？`).
SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")
# Chrome in any layout: a footer's contact line (`Város Önkormányzata | 6600 Szentes, Fő utca 58. | Tel: …`),
# `back to top`, an image's file name left by a text extractor (`sz2020_infoblokk_esza.`).
CONTACT_LINE = re.compile(r"\|.*\b(?:Tel\.?|Telefon|E-?mail|Fax)\b\s*:?", re.I)
# A byline: who posted the page and when (WordPress `Közzétéve: … Szerző: …`, Drupal `Beküldte admin - …`).
BYLINE = re.compile(
    r"^(?:közzétéve|beküldte|beküldve|feltöltve|létrehozva|írta|szerző|posted(?: by| on)?|published(?: on)?|"
    r"updated|aktualisiert(?: am)?|publish date|veröffentlicht(?: am)?|publié(?: le)?|mis à jour|publicado|actualizado|"
    r"pubblicato(?: il)?|ultima modifica|opublikowano|zaktualizowano)\b[^.!?]{0,100}$"
    r"|^(?:by|von)\b(?:\s+[^\s.!?]+){0,5}$"  # an author's name (`By Jill Disis, CNN Business`)
    r"|^(?:közzétéve|beküldte|posted|published)\b.{0,30}\d{4}.{0,60}$"
    # A date with a time of day is when the page was posted (`2018. február 12., 17:50`); a bare date
    # line is the event's or the news item's own date and stays.
    r"|^\d{4}[.\s/-]+(?:\w+|\d{1,2})[.\s/-]+\d{1,2}\.?,?\s+\d{1,2}:\d{2}(?::\d{2})?$"
    # … also after an author's name and a weekday (`Laky Zoltán / 2018.08.03., péntek 12:14 /`); a
    # time range (`13:00-15:00`) is an event's, not a posting's.
    r"|^[^.!?:]{0,40}\b\d{4}[./-]\s?\d{1,2}[./-]\s?\d{1,2}\.?,?[^\d:]{0,20}\b\d{1,2}:\d{2}(?!\s*[-–]\s*\d)[^\d]{0,10}$"
    # … or a month's name first (`Nov. 19, 2019 8:03 am ET`, `19. November 2019, 14:30 Uhr`).
    r"|^.{0,30}\b(?:19|20)\d\d,?\s+(?:um\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|uhr)?(?:\s+[A-Z]{2,4})?\s*$"
    # … or only a time of day after `Updated`, `Today` (`Updated at 1:23 p.m.`, `Today 12:01 AM`).
    r"|^(?:updated|today|heute)\b[^.!?]{0,30}\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|uhr)?\W*$",
    re.I,
)
CHROME_LINE = re.compile(
    r"^(?:vissza a lap tetejére|ugrás a (?:fő )?tartalomra|back to top)\W*$|^[\w-]*_[\w.-]*$"
    r"|^(?:látogatók száma|látogatószám|online látogatók|mai látogatók)\b.{0,120}$"  # visitor counters
    r"|^(?:utolsó (?:frissítés|módosítás)|utoljára (?:frissítve|módosítva))\b.{0,120}$"  # the page's edit date
    r"|^(?:advertisement|advert|anzeige|hirdetés|reklám|sponsored|szponzorált tartalom|iklan|publicidad|publicité|"
    r"continue reading below)$"  # an ad slot's label
    # A slideshow's counter (`Image 2 of 5`, `3 / 12`), a tag or category line, a comments link or count
    # (`Keine Kommentare`, `3 comments`, `Nincs hozzászólás`).
    r"|^(?:(?:image|photo|picture|bild|kép|foto|slide)\s+)?\d{1,3}\s*(?:of|/|von|de|из)\s*\d{1,3}$"
    r"|^(?:filed under|tags?|címkék|schlagwörter|schlagworte|kategorie|categor(?:y|ies)|kategória)\s*:.{0,120}$"
    r"|^(?:comments?|kommentare?|hozzászólások?|komentarze)$"
    r"|^(?:keine|no|nincs|\d+)\s+(?:kommentare?|comments?|hozzászólás\w*)\b.{0,60}$"
    # How long the text takes to read (`5 min read`, `Olvasási idő: 3 perc`, `Lesezeit: 4 Minuten`).
    r"|^(?:\d+\s*(?:min(?:ute)?s?|minuten?|perc)\.?\s*(?:read|lesezeit|de lecture|olvasás)|"
    r"(?:reading time|lesezeit|olvasási idő|temps de lecture|tempo de leitura|tiempo de lectura)\s*:?\s*\d+\s*\w{0,10})\W*$"
    # A photo's credit (`Fotó: MTI/Kovács Tamás`, `Natalie Naccache | Bloomberg | Getty Images`, `Titelbild`) …
    r"|^(?:fotó|foto|photo|kép|bild|image|credit|crédits? photos?|titelbild|beitragsbild|bildquelle|image illustrative)"
    r"s?\s*:\s*[^!?]{0,80}$"
    r"|^(?:titelbild|beitragsbild|symbolbild|archivbild|image illustrative|illustration)\W*$"
    r"|^[^.!?]{0,60}\b(?:getty images|shutterstock|ap photo|reuters|dpa|mti)\W*$"
    # A figure's caption (`Abbildung 4: …`, `2. ábra: …`).
    r"|^(?:abbildung|abb\.|figure|fig\.|\d+\.\s*ábra)\s*\d*\s*:.{0,200}$"
    # A link to another article set in the text (`Lea más: …`, `Lesen Sie auch: …`, `Olvassa el: …`).
    r"|^(?:read (?:more|also)|see also|(?:lea|lee|vea)(?: más| también)?|mira|(?:leia|veja) também|"
    r"lesen sie (?:auch|mehr)|mehr dazu|(?:à )?lire aussi|leggi anche|(?:czytaj|zobacz) (?:też|także|również)|"
    r"olvassa el|kapcsolódó(?: cikk| hír)?)\s*:\s*\S.{0,160}$",
    re.I,
)
# A caption ending in a photo's credit (`Überblick. (Foto: Getty)`, `… az átadáson. Fotó: MTI`, `… | © AFP`).
_CREDIT_ENDING = re.compile(
    r"(?:\((?:fotó|foto|photo|kép|bild|image|credit)s?\s*:[^()]{0,60}\)\W*"
    r"|(?:\b(?:fotó|foto|fot|photo|kép|bild|credit)s?\s*[:.]|©)\s*[^\s.!?:][^.!?:]{1,50})$",
    re.I,
)
_CAPTION_CHARS = 210
# Any data row or label of the project data block (`Azonosító szám:`, `Futamidő: …`), wherever it stands.
DATA_ROW = re.compile(
    r"(?i)^(?:a\s+|az\s+)?(?:projekt|kedvezményezett|támogat|szerződött|operatív program|megvalósítás|project|"
    r"azonosító|finanszíroz|futamidő|befejez|kezd|összköltség|teljes költség|vissza nem térítendő|program|"
    r"beneficiary|grant|start|end)[^:]{0,60}:(?:\s+\S.*)?$")
# A visitor counter anywhere in a footer line (`© 2019 … Önkormányzat – Látogatók száma: 048213`).
VISITOR_COUNTER = re.compile(r"(?i)\blátogató(?:k száma|szám)\s*:?\s*\d")
_FOOTER_LINE_CHARS = 200
# A repeated run holding this share of a page's text is a copy of its main block.
_COPY_SHARE = 0.2


# A posting time in any order of its parts (`Wednesday 20 November 2019 11:42, UK`, `Mon 18 Nov
# 2019 18.54 GMT Last modified on …`, `November 19, 2019 at 9:45 am`): a year and a time of day,
# and besides them only calendar words and the words that label a posting time.
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TIME_OF_DAY = re.compile(r"(?<![\d.:])\d{1,2}[:.][0-5]\d(?![\d.:]\d)")
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "januar februar märz mai juni juli oktober dezember montag dienstag mittwoch donnerstag "
    "freitag samstag sonntag uhr "
    "január február március április május június július augusztus szeptember október "
    "hétfő kedd szerda csütörtök péntek szombat vasárnap "
    "updated last modified published posted on at am pm gmt utc bst cet cest est edt pst pdt et uk".split()
)
_POSTING_LINE_CHARS = 90
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_TIME_RANGE = re.compile(r"\d[:.][0-5]\d\s*[-–]\s*\d")


def is_posting_time(text: str) -> bool:
    """Only when the page was posted or updated: no event, which names what happens then."""
    if len(text) > _POSTING_LINE_CHARS or not _YEAR.search(text) or not _TIME_OF_DAY.search(text):
        return False
    if _TIME_RANGE.search(text):
        return False  # `13:00-15:00`: when an event runs
    words = _LETTER_RUN.findall(text.casefold())
    return all(word in _CALENDAR_WORDS for word in words)


def is_chrome_line(text: str) -> bool:
    """A contact footer, a byline or posting time, a visitor counter, `back to top`, a file name, a
    caption or credit, a counter, a link to another article."""
    short = len(text) <= _FOOTER_LINE_CHARS  # a footer's line; a table row naming a phone number is longer
    return bool(short and (CONTACT_LINE.search(text) or VISITOR_COUNTER.search(text))
                or CHROME_LINE.match(text) or BYLINE.match(text) or is_posting_time(text)
                or len(text) <= _CAPTION_CHARS and _CREDIT_ENDING.search(text))


def dedupe_repeated_run(blocks: list[str]) -> list[str]:
    """Drop a second copy of a run of ≥ 3 blocks holding a good share of the page (a print or
    mobile copy of the main block). Shorter runs recur in content itself: the same three rows
    under each day of a meal plan, each section of a timetable."""
    seen: dict[tuple[str, str, str], int] = {}
    out: list[str] = []
    index = 0
    page_chars = sum(map(len, blocks))
    while index < len(blocks):
        key = tuple(blocks[index:index + 3])
        if len(key) == 3 and key in seen:
            run = 0
            origin = seen[key]
            while index + run < len(blocks) and origin + run < index and blocks[origin + run] == blocks[index + run]:
                run += 1
            if run >= 3 and sum(map(len, blocks[index:index + run])) >= _COPY_SHARE * page_chars:
                index += run
                continue
        if len(key) == 3:
            seen.setdefault(key, index)
        out.append(blocks[index])
        index += 1
    return out


# Headings of the boxes that list other pages: related articles, most read, newsletter sign-up
# (Hungarian, and the English and German ones foreign-language pages carry).
TEASER_HEADING = re.compile(
    r"^(?:kapcsolódó (?:cikk|hír|tartalm|anyag)\w*|ajánl(?:ott|juk|ó)\w*(?: cikk\w*| hír\w*)?|legolvasottabb\w*|"
    r"legfrissebb\w*(?: hír\w*| cikk\w*)?|friss hírek|további (?:híre\w*|cikke\w*|hírek)|"
    r"(?:ezek is )?érdekelhetik|olvasta már\?|iratkozzon fel\b.*|hírlevél\w*(?: feliratkozás)?|"
    r"related (?:articles|news|posts|stories|content)|most (?:read|popular|viewed)|you (?:may|might) also like|"
    r"more (?:on this(?: topic| story)?|stories|news|articles)|recommended(?: for you| articles| stories)?|"
    r"read (?:more|also|next)|see also|"
    r"mehr zum thema|(?:das )?könnte (?:sie|dich) auch interessieren|ähnliche (?:beiträge|artikel)|"
    r"verwandte (?:artikel|beiträge|themen)|weitere (?:artikel|beiträge|nachrichten|themen)(?: zum thema)?|lesen sie auch|"
    r"auch interessant|meistgelesen\w*|schon gelesen|most read in [\w ]{3,30}|"
    r"a szerzőről|about the author|über (?:den|die) autor(?:in)?|"
    # … and the French, Spanish, Portuguese, Italian and Polish ones of foreign-language pages.
    r"(?:à )?lire aussi|sur le même sujet|articles similaires|vous aimerez aussi|"
    r"(?:lea|lee|vea|mira) (?:también|más)|(?:notas|noticias|artículos) relacionad[oa]s|te puede interesar|"
    r"(?:leia|veja) também|você (?:pode|também pode) gostar|notícias relacionadas|"
    r"leggi anche|articoli correlati|potrebbe interessarti|"
    r"(?:czytaj|zobacz|przeczytaj) (?:też|także|również))\W*$",
    re.I,
)
_TEASER_LINE_CHARS = 160
_TEASER_LINES = 12


def drop_teaser_boxes(blocks: list[str], *, with_lines: bool = False) -> list[str]:
    """Drop a teaser box's heading (`Kapcsolódó cikkek`). In HTML its links are gone already; in
    text (`with_lines`, after the headline, so never a box standing before the content) up to 12
    headline-like lines under it go too, stopping at prose or a label."""
    out: list[str] = []
    index = 0
    while index < len(blocks):
        if TEASER_HEADING.match(blocks[index]):
            end = index + 1
            while (with_lines and end < len(blocks) and end - index <= _TEASER_LINES
                   and len(blocks[end]) < _TEASER_LINE_CHARS and not is_prose(blocks[end]) and not blocks[end].endswith(":")):
                end += 1
            index = end
            continue
        out.append(blocks[index])
        index += 1
    return out


def is_prose(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":")) and len(text.split()) >= 6


# Characters that show nothing: a soft hyphen (`Mit&shy;tel&shy;al&shy;ter`, from hyphenation
# plugins), a zero-width space, a word joiner, a stray byte-order mark. Left in, they split words.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def collapse(text: str) -> str:
    """`text` on one line: whitespace runs as one space, invisible characters gone, composed (NFC:
    an `ő` written as `o` and a combining mark is one letter, as the search's words are)."""
    if "\u00ad" in text or "\u200b" in text or "\u2060" in text or "\ufeff" in text:  # rare: `in` is cheaper than a regex pass
        text = _INVISIBLE.sub("", text)
    text = SPACE.sub(" ", text).strip()
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def norm(text: str) -> str:
    return collapse(text).casefold()


# What a page says after its text to keep the reader: a newsletter, a subscription, a follow, an app,
# a tip line, a plea for support, a copyright notice (Hungarian, English, German, and the Spanish,
# French and Polish of foreign-language pages).
_CLOSING_CALL = re.compile(
    r"\b(?:hírlevel|iratkozz|feliratkoz|kövess(?:en|etek)? minket|töltse le|minden jog fenntartva|oss(?:z|za) meg|"
    r"subscri(?:be|bers?)|sign up|newsletter|follow (?:us|@|(?:[\w.]+ ){1,3}on (?:twitter|facebook|instagram))|"
    r"get the .{0,60}app|download (?:the|our) .{0,40}apps?|have a tip|all rights reserved|copyright|"
    r"(?:consider )?support(?:ing)? (?:us|our (?:work|journalism))|suggested citation|share (?:it|this) with|"
    r"abonnieren|folgen sie uns|alle rechte vorbehalten|(?:artikel|beitrag) teilen|gefällt (?:dir|ihnen) unser|"
    r"s[ií]gu?enos|suscr[ií]be|canal de (?:telegram|youtube|whatsapp)|abonnez|suivez-nous|subskrypc)\b|^©",
    re.I,
)
_CLOSING_CALL_CHARS = 300


def drop_closing_calls(blocks: list[str]) -> list[str]:
    """Drop the calls to subscribe, follow or download and the copyright lines that end a page's
    text; only at its end, so that an article about a newsletter keeps its sentences, and never a
    data row. One line between two calls is part of the same pitch (`When you join us, you get …`)."""
    end = len(blocks)
    while end > 1:
        if _is_closing_call(blocks[end - 1]):
            end -= 1
        elif end > 2 and end < len(blocks) and _is_closing_call(blocks[end - 2]):
            end -= 2
        else:
            break
    return blocks[:end]


def _is_closing_call(block: str) -> bool:
    return len(block) <= _CLOSING_CALL_CHARS and bool(_CLOSING_CALL.search(block)) and not DATA_ROW.match(block)
