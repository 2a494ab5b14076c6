"""Zip packages (DOCX, ODT) read defensively and written back member for member.

A package is untrusted input. :func:`read_package` refuses, with :class:`PackageError`:

- more than :data:`MAX_MEMBERS` members, or a member name that is absolute, has a drive letter,
  a backslash or a ``..`` step (path traversal), or appears twice;
- an encrypted member (a password-protected document);
- a member that inflates beyond :data:`MAX_MEMBER_SIZE`, a package whose members together
  inflate beyond :data:`MAX_TOTAL_SIZE`, or a member more than :data:`MAX_RATIO` times larger
  than its compressed form (a zip bomb); sizes are counted while inflating, the sizes the zip
  headers declare are not trusted.

Nothing is ever extracted to the file system. :func:`write_package` writes the members back in
their original order with their original names, dates, attributes and compression, replacing
only the members given; every other member's content is byte-for-byte what it was.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import TMXError

__all__ = [
    "MAX_MEMBERS",
    "MAX_MEMBER_SIZE",
    "MAX_RATIO",
    "MAX_TOTAL_SIZE",
    "Package",
    "PackageError",
    "read_package",
    "write_package",
]

MAX_MEMBERS = 10_000
MAX_MEMBER_SIZE = 256 * 1024 * 1024
MAX_TOTAL_SIZE = 512 * 1024 * 1024
MAX_RATIO = 200  # only checked above 1 MiB: small XML parts compress very well
_RATIO_FLOOR = 1024 * 1024
_CHUNK = 64 * 1024
_BAD_NAME = re.compile(r"(^[/\\])|(^[A-Za-z]:)|\\|(^|/)\.\.(/|$)")


class PackageError(TMXError):
    """A zip package is unsafe or unreadable (bomb, traversal, encryption, broken zip)."""


@dataclass
class Package:
    """The members of a zip package: their headers in order and their inflated content."""

    name: str
    infos: list[zipfile.ZipInfo] = field(default_factory=list)
    data: dict[str, bytes] = field(default_factory=dict)

    def names(self) -> list[str]:
        return [i.filename for i in self.infos]


def read_package(path: str | os.PathLike[str]) -> Package:
    """Read every member of the zip file at ``path`` under the limits of this module."""
    name = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise PackageError(f"{name}: not a readable zip package ({exc})") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise PackageError(f"{name}: {len(infos)} members (more than {MAX_MEMBERS}); refused")
        package = Package(name, list(infos))
        total = 0
        for info in infos:
            member = info.filename
            if _BAD_NAME.search(member):
                raise PackageError(f"{name}: member {member!r} points outside the package; refused")
            if member in package.data:
                raise PackageError(f"{name}: member {member!r} appears twice; refused")
            if info.flag_bits & 0x1:
                raise PackageError(
                    f"{name}: member {member!r} is encrypted (a password-protected document); "
                    "save it without a password"
                )
            content = _inflate(zf, info, name, MAX_TOTAL_SIZE - total)
            total += len(content)
            package.data[member] = content
    return package


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: int) -> bytes:
    limit = min(MAX_MEMBER_SIZE, budget)
    out = io.BytesIO()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                out.write(chunk)
                size = out.tell()
                if size > limit:
                    raise PackageError(
                        f"{name}: member {info.filename!r} inflates beyond {limit} bytes "
                        "(a zip bomb?); refused"
                    )
                if size > _RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                    raise PackageError(
                        f"{name}: member {info.filename!r} inflates more than {MAX_RATIO} times "
                        "its compressed size (a zip bomb?); refused"
                    )
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        # zlib errors and CRC mismatches surface as these (RuntimeError: an encrypted member)
        raise PackageError(f"{name}: member {info.filename!r} cannot be read ({exc})") from exc
    return out.getvalue()


def write_package(
    package: Package, path: str | os.PathLike[str], replaced: dict[str, bytes]
) -> None:
    """Write ``package`` to ``path`` with the members in ``replaced`` given new content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in package.infos:
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            copy.comment = info.comment
            out.writestr(copy, replaced.get(info.filename, package.data[info.filename]))
    Path(path).write_bytes(buffer.getvalue())
