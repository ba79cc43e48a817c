"""Bounded inflation: how large a Flate stream gets, without ever holding it whole."""

from __future__ import annotations

import zlib

CHUNK = 1 << 20


class InflateLimitError(Exception):
    """A stream inflates past the limit; ``inflated`` bytes were produced before stopping."""

    def __init__(self, inflated: int, limit: int) -> None:
        super().__init__(f"inflates past {limit} bytes")
        self.inflated = inflated
        self.limit = limit


def inflated_size(compressed: bytes, limit: int) -> int:
    """The size ``compressed`` (zlib/Flate data) inflates to, counted ``CHUNK`` bytes at a
    time, so memory stays at one chunk however large the output.

    Raises ``InflateLimitError`` as soon as the count passes ``limit``.  Corrupt data is
    counted up to where it breaks (the reader will report it, not this pre-scan).
    """
    inflater = zlib.decompressobj()
    total = 0
    data = compressed
    try:
        while True:
            out = inflater.decompress(data, CHUNK)
            total += len(out)
            if total > limit:
                raise InflateLimitError(total, limit)
            data = inflater.unconsumed_tail
            # Output still pending inside zlib comes with empty input too.
            if inflater.eof or (not out and not data):
                return total
    except zlib.error:
        return total
