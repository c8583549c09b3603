"""A strict reader of PHP's ``serialize()`` format for the plain values
WordPress plugins store in post meta (PowerPress's enclosure extras):
strings, integers, floats, booleans, null and arrays. Objects and
references are refused, so a crafted value cannot make it build anything."""


class PHPValueError(ValueError):
    pass


def unserialize(data):
    """The Python value of ``data`` (str): arrays become dicts."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    value, end = _read(raw, 0, 0)
    if end != len(raw):
        raise PHPValueError("trailing data")
    return value


def _until(raw, position, char):
    end = raw.find(char, position)
    if end < 0:
        raise PHPValueError("truncated value")
    return raw[position:end].decode("ascii"), end + 1


def _read(raw, position, depth):
    if depth > 32:
        raise PHPValueError("nested too deeply")
    kind = raw[position : position + 2]
    position += 2
    if kind == b"N;":
        return None, position
    if kind == b"b:":
        text, position = _until(raw, position, b";")
        return text == "1", position
    if kind == b"i:":
        text, position = _until(raw, position, b";")
        return int(text), position
    if kind == b"d:":
        text, position = _until(raw, position, b";")
        return float(text), position
    if kind == b"s:":
        text, position = _until(raw, position, b":")
        length = int(text)
        if raw[position : position + 1] != b'"':
            raise PHPValueError("bad string")
        start = position + 1
        end = start + length
        if raw[end : end + 2] != b'";':
            raise PHPValueError("bad string length")
        return raw[start:end].decode("utf-8", "replace"), end + 2
    if kind == b"a:":
        text, position = _until(raw, position, b":")
        count = int(text)
        if raw[position : position + 1] != b"{":
            raise PHPValueError("bad array")
        position += 1
        result = {}
        for _ in range(count):
            key, position = _read(raw, position, depth + 1)
            if not isinstance(key, (int, str)):
                raise PHPValueError("bad array key")
            result[key], position = _read(raw, position, depth + 1)
        if raw[position : position + 1] != b"}":
            raise PHPValueError("bad array end")
        return result, position + 1
    raise PHPValueError(f"unsupported value {kind!r}")
