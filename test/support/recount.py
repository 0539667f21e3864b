#!/usr/bin/env python3
"""An independent recount of a Paddock ballot list, written from docs/recount.md alone.

python3 recount.py BALLOTS.json [RESULTS.json] [--digest HEX] [--print]
prints OK (exit 0) or "MISMATCH <field>: <message>" (exit 1); exit 2 when a file cannot be read.
--print prints the recomputed figures as JSON instead of comparing them.
Standard library only.
"""
import hashlib, json, math, re, sys

VERSION = "paddock-ballots/1"
HEX64 = re.compile(r"[0-9a-f]{64}")
ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")
RATING = re.compile(r"(?:[1-9]|10)")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FROZEN_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
TYPES = ("single", "multi", "text", "rating", "number")
REASONS = ("duplicate", "fraud", "ineligible", "rules", "other")
Z = 1.959964
MAX_BINS = 100
# The fields the page lists; any other is refused (so "no name, time or entry code" is checked).
LIST_FIELDS = ("version", "campaign", "frozen_at", "categories", "questions", "ballots", "ballots_count", "disqualified", "ballots_digest")
QUESTION_FIELDS = {"single": ("id", "type", "options"), "multi": ("id", "type", "options"), "rating": ("id", "type", "min", "max"),
                   "number": ("id", "type", "min", "max", "integer", "unit"), "text": ("id", "type")}
MISSING = object()  # a field absent from the results, which is not the same as null


class Mismatch(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def is_int(v):
    # json gives an int only for a number written without a fraction or exponent: 36, not 36.0 or 3.6e1.
    return type(v) is int


def unknown_field(obj, known):
    extra = sorted(k for k in obj if k not in known)  # code point order
    return extra[0] if extra else None


def is_str_list(v):
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def shape(doc):
    """Check 1: the table's fields in order, depth first; in each object the listed fields, then any other."""
    if not isinstance(doc, dict):
        raise Mismatch("(list)", "the ballot list is not a JSON object")

    def rows(name, known, ok):
        v = doc[name]
        if not isinstance(v, list):
            raise Mismatch(name, name + " has the wrong type")
        for i, r in enumerate(v):
            if not isinstance(r, dict) or not ok(r):
                raise Mismatch(name, "%s[%d] has the wrong type" % (name, i))
            extra = unknown_field(r, known) if known else None
            if extra is not None:
                raise Mismatch("%s[%d].%s" % (name, i, extra), "a field the page does not list")

    for name in LIST_FIELDS:
        if name not in doc:
            raise Mismatch(name, name + " is missing")
        v = doc[name]
        if name == "categories":
            rows(name, ("id", "nominees"), lambda c: isinstance(c.get("id"), str) and is_str_list(c.get("nominees")))
        elif name == "questions":  # their other fields depend on the type: check 3
            rows(name, None, lambda q: isinstance(q.get("id"), str) and isinstance(q.get("type"), str))
        elif name == "ballots":
            rows(name, ("id", "votes", "answers"), lambda b: isinstance(b.get("id"), str) and isinstance(b.get("votes"), dict) and isinstance(b.get("answers"), dict))
        elif name == "disqualified":
            rows(name, ("id", "reason"), lambda d: isinstance(d.get("id"), str) and isinstance(d.get("reason"), str))
        elif name == "ballots_count":
            if not is_int(v):
                raise Mismatch(name, name + " has the wrong type")
        elif not isinstance(v, str):
            raise Mismatch(name, name + " has the wrong type")
    extra = unknown_field(doc, LIST_FIELDS)
    if extra is not None:
        raise Mismatch(extra, "a field the page does not list")


def real_instant(s):
    """The day exists (Gregorian leap years) and the time is one: no hour 24, no second 60."""
    y, mo, d, h, mi, se = int(s[0:4]), int(s[5:7]), int(s[8:10]), int(s[11:13]), int(s[14:16]), int(s[17:19])
    if not 1 <= mo <= 12:
        return False
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
    return 1 <= d <= days and h <= 23 and mi <= 59 and se <= 59


def is_num(v):
    """A finite number as a double: json reads 100000000000000001 as an exact int, JavaScript as 1e17."""
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def unit_ok(u):
    """A non-empty string with no control character (U+0000-U+001F, U+007F-U+009F) and no lone surrogate."""
    return (isinstance(u, str) and u != "" and not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or 0xD800 <= ord(ch) <= 0xDFFF for ch in u))


def plain_decimal(x):
    """The page's plain decimal: the digits of repr() (shortest round trip, nearest of equally short), exponent written out."""
    x = float(x)
    if x == 0:
        return "0"
    r = repr(x)
    neg = r.startswith("-")
    if neg:
        r = r[1:]
    mant, _, exp = r.partition("e")
    exp = int(exp) if exp else 0
    whole, _, frac = mant.partition(".")
    if frac == "0":
        frac = ""
    digits = (whole + frac).lstrip("0")
    point = len(whole) + exp - (len(whole + frac) - len((whole + frac).lstrip("0")))
    digits = digits.rstrip("0") or "0"
    if point <= 0:
        out = "0." + "0" * (-point) + digits
    elif point >= len(digits):
        out = digits + "0" * (point - len(digits))
    else:
        out = digits[:point] + "." + digits[point:]
    return ("-" if neg else "") + out


def check_definition(doc):
    seen = set()
    for i, c in enumerate(doc["categories"]):
        if not ID.fullmatch(c["id"]) or c["id"] in seen:
            raise Mismatch("categories[%d].id" % i, "not a unique id")
        seen.add(c["id"])
        n = c["nominees"]
        if not n or len(set(n)) != len(n) or not all(ID.fullmatch(x) for x in n):
            raise Mismatch("categories[%d].nominees" % i, "nominees must be unique ids")
    seen = set()
    for i, q in enumerate(doc["questions"]):
        if not ID.fullmatch(q["id"]) or q["id"] in seen:
            raise Mismatch("questions[%d].id" % i, "not a unique id")
        seen.add(q["id"])
        if q["type"] not in TYPES:
            raise Mismatch("questions[%d].type" % i, "unknown type")
        extra = unknown_field(q, QUESTION_FIELDS[q["type"]])
        if extra is not None:
            raise Mismatch("questions[%d].%s" % (i, extra), "a field the page does not list for this type")
        if q["type"] in ("single", "multi"):
            o = q.get("options")
            if not is_str_list(o) or len(o) < 2 or len(set(o)) != len(o) or not all(ID.fullmatch(x) for x in o):
                raise Mismatch("questions[%d].options" % i, "needs at least 2 unique option ids")
        if q["type"] == "rating":
            if not (is_num(q.get("min")) and is_num(q.get("max")) and q["min"] == 1 and q["max"] == 10):
                raise Mismatch("questions[%d]" % i, "rating needs min 1 and max 10")
        if q["type"] == "number":
            lo, hi, integer = q.get("min"), q.get("max"), q.get("integer")
            if is_num(lo) and is_num(hi):  # all arithmetic in doubles, as the page says
                lo, hi = q["min"], q["max"] = float(lo), float(hi)
            if not (is_num(lo) and is_num(hi) and lo < hi and math.isfinite(hi - lo) and isinstance(integer, bool)):
                raise Mismatch("questions[%d]" % i, "number needs finite min < max and a boolean integer")
            if integer and math.ceil(lo) > hi:
                raise Mismatch("questions[%d]" % i, "integer, but no whole number from min to max")
            try:
                bins_of(q)
            except ValueError:
                raise Mismatch("questions[%d]" % i, "the range cannot be divided into finite bins that each end past their start")
            if "unit" in q and not unit_ok(q["unit"]):
                raise Mismatch("questions[%d].unit" % i, "unit must be a non-empty string without control characters")


def answer_ok(q, a):
    t = q["type"]
    if t == "single":
        return isinstance(a, str) and a in q["options"]
    if t == "multi":
        return (is_str_list(a) and len(a) > 0 and all(x in q["options"] for x in a)
                and all(a[i - 1] < a[i] for i in range(1, len(a))))
    if t == "rating":
        return isinstance(a, str) and RATING.fullmatch(a) is not None
    if t == "number":
        if not (isinstance(a, str) and DECIMAL.fullmatch(a) and plain_decimal(float(a)) == a):
            return False
        x = float(a)
        return q["min"] <= x <= q["max"] and (not q["integer"] or x.is_integer())
    return a == "answered"


def check_rows(doc):
    for name in ("ballots", "disqualified"):
        rows = doc[name]
        for i, r in enumerate(rows):
            if not HEX64.fullmatch(r["id"]):
                raise Mismatch("%s[%d].id" % (name, i), "not 64 lower-case hex characters")
            if i > 0 and rows[i - 1]["id"] == r["id"]:
                raise Mismatch("%s[%d].id" % (name, i), "duplicate")
            if i > 0 and rows[i - 1]["id"] > r["id"]:
                raise Mismatch(name, "not sorted")
    counted = {b["id"] for b in doc["ballots"]}
    for i, d in enumerate(doc["disqualified"]):
        if d["id"] in counted:
            raise Mismatch("disqualified[%d].id" % i, "also a counted ballot")
        if d["reason"] not in REASONS:
            raise Mismatch("disqualified[%d].reason" % i, "not one of the five reason codes")
    cats = {c["id"]: c["nominees"] for c in doc["categories"]}
    qs = {q["id"]: q for q in doc["questions"]}
    for i, b in enumerate(doc["ballots"]):
        for c in sorted(b["votes"]):  # code point order, whatever the document's (check 5)
            n = b["votes"][c]
            if c not in cats or not isinstance(n, str) or n not in cats[c]:
                raise Mismatch("ballots[%d].votes.%s" % (i, c), "not a category and nominee of the list")
        for qid in sorted(b["answers"]):
            a = b["answers"][qid]
            if qid not in qs or not answer_ok(qs[qid], a):
                raise Mismatch("ballots[%d].answers.%s" % (i, qid), "not an answer the question allows")
    if doc["ballots_count"] != len(doc["ballots"]):
        raise Mismatch("ballots_count", "ballots_count is %s, the list has %d" % (doc["ballots_count"], len(doc["ballots"])))


def question_line(q):
    t = q["type"]
    if t in ("single", "multi"):
        return "question\t%s\t%s\t%s\n" % (q["id"], t, ",".join(q["options"]))
    if t == "rating":
        return "question\t%s\trating\t%s\t%s\n" % (q["id"], plain_decimal(q["min"]), plain_decimal(q["max"]))
    if t == "number":
        return "question\t%s\tnumber\t%s\t%s\t%s\t%s\n" % (
            q["id"], plain_decimal(q["min"]), plain_decimal(q["max"]), "true" if q["integer"] else "false", q.get("unit", ""))
    return "question\t%s\ttext\n" % q["id"]


def canonical_text(doc):
    lines = ["%s\t%s\t%s\n" % (VERSION, doc["campaign"], doc["frozen_at"])]
    for c in doc["categories"]:
        lines.append("category\t%s\t%s\n" % (c["id"], ",".join(c["nominees"])))
    for q in doc["questions"]:
        lines.append(question_line(q))
    for b in doc["ballots"]:
        votes = ";".join("%s=%s" % (c, b["votes"][c]) for c in sorted(b["votes"]))
        parts = []
        for q in sorted(b["answers"]):
            a = b["answers"][q]
            parts.append("%s=%s" % (q, "+".join(sorted(a)) if isinstance(a, list) else a))
        lines.append("ballot\t%s\t%s\t%s\n" % (b["id"], votes, ";".join(parts)))
    for d in doc["disqualified"]:
        lines.append("disqualified\t%s\t%s\n" % (d["id"], d["reason"]))
    return "".join(lines)


def rnd(x, d):
    """Nearest integer to x * 10^d, ties towards +infinity, divided by 10^d."""
    scale = 10 ** d
    y = x * scale
    if not math.isfinite(y):  # near the largest doubles: Infinity, as in JavaScript (the bins refuse it)
        return y / scale
    f = math.floor(y)
    if y - f >= 0.5:
        f += 1
    return f / scale


def wilson(s, n):
    if n <= 0:
        return [0, 0]
    p = s / n
    z2 = Z * Z
    d = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / d
    half = (Z / d) * math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
    return [max(0, centre - half), min(1, centre + half)]


def bins_of(q):
    """The bins as doubles; ValueError when a bin would not end past its start, not be finite, or be the 101st."""
    lo, hi = q["min"], q["max"]
    out = []

    def push(frm, to):
        if not (math.isfinite(frm) and math.isfinite(to) and to > frm) or len(out) >= MAX_BINS:
            raise ValueError("the range cannot be divided into bins")
        out.append((frm, to))

    if q["integer"] and hi - lo <= 20:
        v = float(math.ceil(lo))  # doubles, as in JavaScript: at 1e17, v + 1 is v and the guard stops it
        while v <= hi:
            push(v, v + 1)
            v = v + 1
        return out
    raw = (hi - lo) / 10
    k = math.floor(math.log10(raw))  # a first guess, checked against the powers themselves
    while float("1e%d" % k) > raw:
        k -= 1
    while float("1e%d" % (k + 1)) <= raw:
        k += 1
    power = float("1e%d" % k)
    width = next((m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12), 10 * power)
    if q["integer"]:
        width = max(1, rnd(width, 0))
    frm = math.floor(lo / width) * width
    while frm < hi or not out:
        push(frm, rnd(frm + width, 10))
        frm = rnd(frm + width, 10)
    return out


def figures(doc):
    ballots = doc["ballots"]
    categories = []
    for c in doc["categories"]:
        votes = {n: 0 for n in c["nominees"]}
        total = 0
        for b in ballots:
            if c["id"] in b["votes"]:
                votes[b["votes"][c["id"]]] += 1
                total += 1
        nominees = []
        for n in c["nominees"]:
            v = votes[n]
            low, high = wilson(v, total)
            nominees.append({"id": n, "votes": v, "share": rnd(v / total, 4) if total else 0,
                             "ci95": [rnd(low, 4), rnd(high, 4)]})
        nominees.sort(key=lambda x: -x["votes"])  # stable: ties keep the list's order
        categories.append({"id": c["id"], "total": total, "nominees": nominees})
    questions = []
    for q in doc["questions"]:
        answers = [b["answers"][q["id"]] for b in ballots if q["id"] in b["answers"]]
        t = q["type"]
        if t in ("single", "multi"):
            counts = {o: 0 for o in q["options"]}
            for a in answers:
                for o in (a if isinstance(a, list) else [a]):
                    counts[o] += 1
            r = len(answers)
            questions.append({"id": q["id"], "type": t, "respondents": r, "options": [
                {"id": o, "count": counts[o], "share": rnd(counts[o] / r, 4) if r else 0} for o in q["options"]]})
        elif t == "rating":
            values = [int(a) for a in answers]
            total = 0
            for v in values:
                total += v
            questions.append({"id": q["id"], "type": t, "n": len(values),
                              "mean": rnd(total / len(values), 2) if values else None,
                              "histogram": [{"value": k, "count": values.count(k)} for k in range(1, 11)]})
        elif t == "number":
            values = [float(a) for a in answers]
            total = 0.0
            for v in values:
                total += v
            s = sorted(values)
            n = len(s)
            median = None if n == 0 else (s[n // 2] if n % 2 == 1 else (s[n // 2 - 1] + s[n // 2]) / 2)
            bins = bins_of(q)
            w = bins[0][1] - bins[0][0]
            counts = [0] * len(bins)
            for v in values:
                counts[min(len(bins) - 1, max(0, math.floor((v - bins[0][0]) / w + 1e-9)))] += 1
            questions.append({"id": q["id"], "type": t, **({"unit": q["unit"]} if "unit" in q else {}),
                              "n": n, "mean": rnd(total / n, 2) if n else None,
                              "median": median,
                              "bins": [{"from": f, "to": to, "count": k} for (f, to), k in zip(bins, counts)]})
        else:
            questions.append({"id": q["id"], "type": t, "n": sum(1 for a in answers if a == "answered")})
    return {"entries": len(ballots), "categories": categories, "questions": questions}


def get(obj, key):
    return obj.get(key, MISSING) if isinstance(obj, dict) else MISSING


def same(field, published, recounted):
    """Absent is a mismatch, null only matches null (mean and median with no answers), numbers equal as doubles."""
    if published is MISSING:
        raise Mismatch(field, "the results do not give it; the ballots give %s" % json.dumps(recounted))
    if (published is None) != (recounted is None) or published is not None and (isinstance(published, bool) or published != recounted):
        raise Mismatch(field, "the results say %s, the ballots give %s" % (json.dumps(published), json.dumps(recounted)))


def items(field, published, n):
    if not isinstance(published, list) or len(published) != n:
        raise Mismatch(field, "the results do not list %d items here" % n)
    return published


def compare(pub, r, doc, dups=()):
    if dups:
        raise Mismatch("results", "the key %s is twice in one object" % json.dumps(dups[0]))
    if not isinstance(pub, dict):
        raise Mismatch("results", "the results are not a JSON object")
    if pub.get("campaign") != doc["campaign"]:
        raise Mismatch("results.campaign", "the results are of another campaign")
    if pub.get("ballots_digest") != doc["ballots_digest"]:
        raise Mismatch("results.ballots_digest", "the results were counted from another list")
    same("results.entries", pub.get("entries"), r["entries"])
    cats = items("results.categories", pub.get("categories"), len(r["categories"]))
    for ci, c in enumerate(r["categories"]):
        f = "results.categories[%d]" % ci
        pc = cats[ci]
        same(f + ".id", get(pc, "id"), c["id"])
        same(f + ".total", get(pc, "total"), c["total"])
        noms = items(f + ".nominees", get(pc, "nominees"), len(c["nominees"]))
        for ni, n in enumerate(c["nominees"]):
            g = "%s.nominees[%d]" % (f, ni)
            same(g + ".id", get(noms[ni], "id"), n["id"])
            same(g + ".votes", get(noms[ni], "votes"), n["votes"])
            same(g + ".share", get(noms[ni], "share"), n["share"])
            ci95 = get(noms[ni], "ci95")
            if not (isinstance(ci95, list) and len(ci95) == 2):
                raise Mismatch(g + ".ci95", "not a pair [low, high]")
            same(g + ".ci95[0]", ci95[0], n["ci95"][0])
            same(g + ".ci95[1]", ci95[1], n["ci95"][1])
    qs = items("results.questions", pub.get("questions"), len(r["questions"]))
    for qi, q in enumerate(r["questions"]):
        f = "results.questions[%d]" % qi
        pq = qs[qi]
        same(f + ".id", get(pq, "id"), q["id"])
        same(f + ".type", get(pq, "type"), q["type"])
        if q["type"] in ("single", "multi"):
            same(f + ".respondents", get(pq, "respondents"), q["respondents"])
            opts = items(f + ".options", get(pq, "options"), len(q["options"]))
            for oi, o in enumerate(q["options"]):
                for k in ("id", "count", "share"):
                    same("%s.options[%d].%s" % (f, oi, k), get(opts[oi], k), o[k])
        elif q["type"] == "rating":
            same(f + ".n", get(pq, "n"), q["n"])
            same(f + ".mean", get(pq, "mean"), q["mean"])
            hist = items(f + ".histogram", get(pq, "histogram"), 10)
            for hi, h in enumerate(q["histogram"]):
                for k in ("value", "count"):
                    same("%s.histogram[%d].%s" % (f, hi, k), get(hist[hi], k), h[k])
        elif q["type"] == "number":
            if "unit" in q:
                same(f + ".unit", get(pq, "unit"), q["unit"])
            elif isinstance(pq, dict) and "unit" in pq:  # no unit: the field is absent, and null is not absent
                raise Mismatch(f + ".unit", "the list has no unit, the results give %s" % json.dumps(pq["unit"]))
            for k in ("n", "mean", "median"):
                same("%s.%s" % (f, k), get(pq, k), q[k])
            bins = items(f + ".bins", get(pq, "bins"), len(q["bins"]))
            for bi, b in enumerate(q["bins"]):
                for k in ("from", "to", "count"):
                    same("%s.bins[%d].%s" % (f, bi, k), get(bins[bi], k), b[k])
        else:
            same(f + ".n", get(pq, "n"), q["n"])


def recount(doc, results=None, digest=None, dups=(), results_dups=()):
    if dups:
        raise Mismatch("(list)", "the key %s is twice in one object" % json.dumps(dups[0]))
    shape(doc)
    if doc["version"] != VERSION:
        raise Mismatch("version", "version is %s" % json.dumps(doc["version"]))
    if not SLUG.fullmatch(doc["campaign"]):
        raise Mismatch("campaign", "not a campaign slug")
    if not FROZEN_AT.fullmatch(doc["frozen_at"]):
        raise Mismatch("frozen_at", "not of the form 2025-03-01T09:00:00.000Z")
    if not real_instant(doc["frozen_at"]):
        raise Mismatch("frozen_at", "not a real instant (no such day or time)")
    if not HEX64.fullmatch(doc["ballots_digest"]):
        raise Mismatch("ballots_digest", "not 64 lower-case hex characters")
    check_definition(doc)
    check_rows(doc)
    if hashlib.sha256(canonical_text(doc).encode("utf-8")).hexdigest() != doc["ballots_digest"]:
        raise Mismatch("ballots_digest", "ballots_digest does not match SHA-256 of the canonical text")
    if digest is not None and digest != doc["ballots_digest"]:
        raise Mismatch("ballots_digest", "not the digest published at the freeze")
    r = figures(doc)
    if results is not None:
        compare(results, r, doc, results_dups)
    return r


def reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def load(path):
    """The document and the keys found twice in one object (json keeps the last; the page refuses them)."""
    dups = []

    def pairs(items):
        seen = set()
        for k, _ in items:
            if k in seen:
                dups.append(k)
            seen.add(k)
        return dict(items)

    with open(path, "rb") as f:
        text = f.read().decode("utf-8")  # strict: invalid UTF-8 cannot be read; a BOM is then not JSON
    return json.loads(text, object_pairs_hook=pairs, parse_constant=reject_constant), dups


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    digest = None
    if "--digest" in argv:
        digest = argv[argv.index("--digest") + 1]
        args.remove(digest)
    try:
        loaded = [load(path) for path in args]
    except (OSError, ValueError) as e:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        print("cannot read: %s" % e, file=sys.stderr)
        return 2
    docs = [d for d, _ in loaded]
    try:
        compared = len(docs) > 1 and "--print" not in argv
        r = recount(docs[0], docs[1] if compared else None, digest, loaded[0][1], loaded[1][1] if compared else ())
    except Mismatch as m:
        print("MISMATCH %s: %s" % (m.field, m.message))
        return 1
    print(json.dumps(r) if "--print" in argv else "OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
