"""Check a delimited text file byte by byte before DuckDB parses it.

`choose_encoding(path)` decides how the bytes are text, and never accepts a
reading that replaces or reinterprets bytes:

1. a byte-order mark decides (UTF-8, UTF-16, UTF-32);
2. otherwise the whole file must decode as strict UTF-8 (ASCII is UTF-8);
3. a file that is not UTF-8 but whose non-ASCII characters are mostly valid
   UTF-8 is damaged UTF-8: refused with the byte offset and line of the first
   bad byte (never read as GB18030 or Windows-1252 mojibake);
4. otherwise charset-normalizer chooses among LEGACY_ENCODINGS, judging the
   lines that hold non-ASCII bytes (the ASCII lines say nothing); when both
   readings are equally plausible (a tiny file: 'Köln' is also GB18030
   'K鰈n') the file is refused showing both, to be saved as UTF-8 or loaded
   with the encoding named; a single-byte choice is refused when the file
   also holds valid UTF-8 sequences (a file mixing two encodings), and the
   chosen encoding must then decode the whole file strictly.
5. an encoding the analyst names (`--encoding`) replaces steps 2-4 and must
   decode the whole file strictly too.

`to_utf8(path, encoding)` streams any other encoding into a UTF-8 temp file.
`scan_layout(path, delimiter, columns)` then walks the UTF-8 bytes with numpy
(quotes counted by parity, as RFC 4180 quoting allows) and finds, for every
record, the line of the file it starts on, its number of values, blank lines,
NUL bytes, quotes never closed and over-long rows, so every problem is
reported with its line before DuckDB reads a byte.
"""
from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from i18n import N_
from i18n.message import Joined, Message

from data.loading.errors import ExtractError
from data.loading.rules import EMPTY_FILE, ENCODING_NOT_CERTAIN, UNKNOWN_ENCODING, UNREADABLE

BLOCK = 1 << 24
NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "utf-32": "UTF-32",
         "gb18030": "GB18030", "big5": "Big5", "cp1252": "Windows-1252"}
LEGACY_ENCODINGS = ("gb18030", "cp1252")  # judged by charset-normalizer; others (Big5 ...) only when named
SINGLE_BYTE = ("cp1252",)
FEW_LEGACY_BYTES = 32  # below this many non-ASCII bytes, a plausibility score is not evidence
EVIDENCE_BYTES = 1 << 20  # non-ASCII lines handed to charset-normalizer, at most
MAX_ROW_BYTES = 1 << 20   # one record longer than this is refused (a quote left open, a dump in a cell)
NL, CR, QUOTE = 10, 13, 34


def line_of(path: Path, offset: int) -> int:
    """The 1-based line of the file that byte `offset` is on."""
    lines, done = 1, 0
    with open(path, "rb") as f:
        while done < offset:
            block = f.read(min(BLOCK, offset - done))
            if not block:
                break
            lines += block.count(b"\n")
            done += len(block)
    return lines


def where(path: Path, offset: int) -> dict[str, object]:
    """{offset, line}: a byte's place (offsets count from 0) in the file, as the analyst can find it; the
    messages say it 'byte offset 1,024 (line 7)'."""
    return {"offset": offset, "line": str(line_of(path, offset))}


def _bad_byte(message: Message) -> ExtractError:
    return ExtractError(UNREADABLE, message)


def first_nul(path: Path) -> int | None:
    """The offset of the first NUL byte in the file, or None."""
    done = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            if (at := block.find(b"\x00")) >= 0:
                return done + at
            done += len(block)
    return None


def _nul_error(path: Path, offset: int) -> ExtractError:
    return _bad_byte(Message(N_("byte offset {offset} (line {line}) is a NUL (zero) byte: the file is binary or "
                                "damaged, not text (a UTF-16 file needs its byte-order mark)"), **where(path, offset)))


def _strict_decode_error(path: Path, encoding: str) -> int | None:
    """The byte offset of the first byte `encoding` cannot decode, or None if the whole file decodes."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    done = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as e:
                return max(done + e.start - len(decoder.getstate()[0]), 0)
            done += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return done - len(decoder.getstate()[0])
    return None


def _utf8_evidence(path: Path) -> tuple[int, int, bytes]:
    """(valid non-ASCII UTF-8 characters, invalid UTF-8 sequences, the lines holding non-ASCII bytes)."""
    valid = invalid = 0
    lines: list[bytes] = []
    kept = 0
    with open(path, "rb") as f:
        for raw in f:
            if raw.isascii():
                continue
            text = raw.decode("utf-8", errors="replace")
            bad = text.count("\ufffd")
            invalid += bad
            valid += sum(1 for ch in text if ord(ch) > 127) - bad
            if kept < EVIDENCE_BYTES:
                lines.append(raw)
                kept += len(raw)
    return valid, invalid, b"".join(lines)


def _named(path: Path, encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError as e:
        raise ExtractError(UNKNOWN_ENCODING, Message(N_("no text encoding is called '{encoding}'"),
                                                     encoding=encoding)) from e
    bad = _strict_decode_error(path, name)
    if bad is not None:
        raise _bad_byte(Message(N_("the file is not {encoding}: a byte that is not valid {encoding} is at byte offset "
                                   "{offset} (line {line})"), encoding=encoding, **where(path, bad)))
    return name


def choose_encoding(path: Path, head: bytes, named: str | None = None) -> str:
    """The encoding the whole file decodes in strictly; ExtractError with byte and line otherwise."""
    if named:
        return _named(path, named)
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            bad = _strict_decode_error(path, encoding)
            if bad is not None:
                raise _bad_byte(Message(N_("the file starts with a {encoding} byte-order mark but has bytes that are "
                                           "not valid {encoding} at byte offset {offset} (line {line})"),
                                        encoding=NAMES[encoding], **where(path, bad)))
            return encoding
    nul = first_nul(path)
    if nul is not None:
        raise _nul_error(path, nul)
    first_bad = _strict_decode_error(path, "utf-8")
    if first_bad is None:
        return "utf-8"
    valid, invalid, evidence = _utf8_evidence(path)
    if valid > invalid:
        raise _bad_byte(Message(N_("the file is UTF-8 but has {n} byte sequence(s) that are not (a stray byte from "
                                   "another encoding?); the first is at byte offset {offset} (line {line})"),
                                n=invalid, **where(path, first_bad)))
    from charset_normalizer import from_bytes

    matches = list(from_bytes(evidence, cp_isolation=list(LEGACY_ENCODINGS)))
    if matches:  # the equally plausible readings
        best = matches[0]
        names = [m.encoding for m in matches
                 if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01]
    else:  # none is plausible: every reading that decodes at all is a guess
        names = [e for e in LEGACY_ENCODINGS if _decodes(evidence, e)]
    if matches and sum(b > 0x7F for b in evidence) < FEW_LEGACY_BYTES:
        # Too few bytes for a judgement: 'üü' in GB18030 is also '¨¹¨¹' in Windows-1252.
        # Every reading that decodes strictly is then equally possible.
        names = [e for e in LEGACY_ENCODINGS if _decodes(evidence, e)]
    if len(names) > 1 or (names and not matches):
        line = next(ln for ln in evidence.splitlines() if not ln.isascii())[:60]
        readings = Joined((Message(N_("{encoding} '{text}'"), encoding=NAMES.get(e, e), text=line.decode(e, "replace"))
                           for e in names), " or ")
        raise ExtractError(ENCODING_NOT_CERTAIN, Message(N_("the file is not UTF-8 and could be {readings}; save it as "
                                                            "UTF-8, or name the encoding (--encoding)"),
                                                         readings=readings))
    if not names:
        raise _bad_byte(Message(N_("not text in UTF-8, UTF-16, {encodings}; the first byte that is not UTF-8 is at "
                                   "byte offset {offset} (line {line})"),
                                encodings=Joined(NAMES[e] for e in LEGACY_ENCODINGS), **where(path, first_bad)))
    encoding = names[0]
    encoding = next((e for e in LEGACY_ENCODINGS if codecs.lookup(e).name == codecs.lookup(encoding).name), encoding)
    if encoding in SINGLE_BYTE and valid:
        raise _bad_byte(Message(N_("the file mixes UTF-8 with {encoding} text (a stray byte?); the first byte that "
                                   "is not UTF-8 is at byte offset {offset} (line {line})"),
                                encoding=NAMES[encoding], **where(path, first_bad)))
    bad = _strict_decode_error(path, encoding)
    if bad is not None:
        raise _bad_byte(Message(N_("the file reads as {encoding} but has a byte that is not valid in it at byte "
                                   "offset {offset} (line {line})"),
                                encoding=NAMES.get(encoding, encoding), **where(path, bad)))
    return encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def to_utf8(path: Path, encoding: str) -> Path:
    """Stream `path` from `encoding` into a UTF-8 temp file (line endings kept); strict."""
    fd, out = tempfile.mkstemp(prefix="extract-", suffix=".csv")
    try:
        with open(path, encoding=encoding, newline="") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            for chunk in iter(lambda: src.read(BLOCK), ""):
                dst.write(chunk)
    except UnicodeDecodeError as e:  # choose_encoding checked the whole file already
        Path(out).unlink(missing_ok=True)
        raise _bad_byte(Message(N_("invalid {encoding} bytes ({reason})"), encoding=encoding, reason=e.reason)) from e
    return Path(out)


@dataclass
class Layout:
    """Where the records of a UTF-8 delimited file are."""

    records: int              # data records (the header and blank lines not counted)
    start_lines: np.ndarray | None  # line each data record starts on; None when it is simply index + 2
    ragged: list[tuple[int, int]]   # (line, values) of records whose value count differs from the header's


def scan_layout(path: Path, delimiter: str, columns: int) -> Layout:
    """Record start lines and value counts of a UTF-8 file; ExtractError for NULs, open quotes, huge rows."""
    delim = ord(delimiter)
    parity = 0        # quote bytes seen so far, mod 2: odd means inside a quoted value
    newlines = 0      # newline bytes before the current block
    last_end = -1     # offset of the newline that ended the previous record
    pending = 0       # delimiters outside quotes in the record still being read
    prev_byte = NL    # the last byte of the previous block
    irregular = False  # a quoted line break or a blank line: record index and line differ
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    offset = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            arr = np.frombuffer(block, dtype=np.uint8)
            nul = np.flatnonzero(arr == 0)
            if nul.size:
                raise _nul_error(path, offset + int(nul[0]))
            quotes, nls, delims = (np.flatnonzero(arr == b) for b in (QUOTE, NL, delim))
            inside = (parity + np.searchsorted(quotes, nls)) & 1
            irregular |= bool(inside.any())
            ends = nls[inside == 0]
            outside = delims[((parity + np.searchsorted(quotes, delims)) & 1) == 0]
            per_end = np.searchsorted(outside, ends)
            values = np.diff(np.concatenate(([0], per_end))) + 1
            if values.size:
                values[0] += pending
                pending = len(outside) - int(per_end[-1])
            else:
                pending += len(outside)
            ends_global = ends + offset
            before = np.concatenate(([last_end], ends_global[:-1]))
            lengths = ends_global - before
            if lengths.size and int(lengths.max()) > MAX_ROW_BYTES:
                at = int(np.argmax(lengths > MAX_ROW_BYTES))
                raise _row_too_long(path, int(before[at]) + 1, int(lengths[at]))
            byte_before = np.where(ends > 0, arr[np.maximum(ends - 1, 0)], prev_byte)
            empty = (lengths == 1) | ((lengths == 2) & (byte_before == CR))
            irregular |= bool(empty.any())
            end_lines = newlines + np.searchsorted(nls, ends) + 1  # the line each record's newline is on
            parts.append((end_lines, values, empty))
            parity = (parity + len(quotes)) & 1
            newlines += len(nls)
            last_end = int(ends_global[-1]) if len(ends) else last_end
            offset += len(block)
            prev_byte = int(arr[-1]) if arr.size else prev_byte
    if parity:
        raise _bad_byte(Message(N_("a quote opened in the record starting on line {line} is never closed"),
                                line=str(line_of(path, last_end + 1))))
    if offset - last_end - 1 > MAX_ROW_BYTES:
        raise _row_too_long(path, last_end + 1, offset - last_end - 1)
    end_lines, values, empty = (np.concatenate([p[i] for p in parts]) if parts else np.empty(0, np.int64)
                                for i in range(3))
    if offset > last_end + 1:  # a last record without a final newline
        end_lines = np.append(end_lines, newlines + 1)
        values = np.append(values, pending + 1)
        empty = np.append(empty, False)
    if not len(end_lines) or empty[0]:
        raise ExtractError(EMPTY_FILE, Message(N_("the first line is empty: the header (the column names) must be "
                                                  "line 1")))
    start_lines = np.concatenate(([1], end_lines[:-1] + 1))
    keep = ~empty.astype(bool)
    keep[0] = False  # the header
    data_lines, data_values = start_lines[keep], values[keep]
    ragged = [(int(data_lines[i]), int(data_values[i])) for i in np.flatnonzero(data_values != columns)]
    return Layout(int(keep.sum()), data_lines.astype(np.int64) if irregular else None, ragged)


def _row_too_long(path: Path, begin: int, size: int) -> ExtractError:
    return _bad_byte(Message(N_("the record starting on line {line} is {size} MB long; one row may hold at most "
                                "{limit} MB (a quote left open or a dump pasted into a cell?)"),
                             line=str(line_of(path, begin)), size=f"{size / 1e6:.1f}",
                             limit=f"{MAX_ROW_BYTES / 1e6:.1f}"))
