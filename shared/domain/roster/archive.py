"""The zip SIECLE delivers ("ExportXML_ElevesSansAdresses.zip"): one XML file inside."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from shared.domain.limits import MAX_UNCOMPRESSED_BYTES, MAX_ZIP_RATIO
from shared.domain.roster.pupil import invalid_roster

_MEGABYTES = MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
_ENCRYPTED = 0x1
_CHUNK = 1024 * 1024


def xml_from_zip(content: bytes) -> bytes:
    """The bytes of the only `*.xml` entry, ignoring directories and hidden entries
    (`.DS_Store`, `__MACOSX/._ElevesSansAdresses.xml`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = [info for info in archive.infolist() if _is_xml(info)]
            if not entries:
                raise invalid_roster("L'archive zip ne contient aucun fichier XML.")
            if len(entries) > 1:
                raise invalid_roster(
                    f"L'archive zip contient {len(entries)} fichiers XML : elle ne doit en "
                    "contenir qu'un, l'export SIECLE « ElevesSansAdresses.xml »."
                )
            return _read(archive, entries[0], len(content))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        struct.error,
        EOFError,
        OSError,
        ValueError,  # "negative seek value" and other inconsistent offsets or names
    ) as error:
        raise invalid_roster("Le fichier zip est illisible ou endommagé.") from error
    except (NotImplementedError, RuntimeError) as error:
        # A compression method other than stored, deflate, bzip2 and lzma.
        raise invalid_roster(
            "Le fichier zip utilise une méthode de compression non prise en charge."
        ) from error


def _is_xml(info: zipfile.ZipInfo) -> bool:
    if info.is_dir():
        return False
    parts = [part for part in info.filename.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return False
    return parts[-1].lower().endswith(".xml")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, archive_size: int) -> bytes:
    """The entry's bytes, inflated at most up to the smaller of the two limits (zip bombs): the
    absolute one, and MAX_ZIP_RATIO times the entry's compressed size (itself no larger than the
    archive). An entry whose headers announce more is refused unread; the bytes are counted as
    they are inflated, so headers that lie cannot take the read past the limit either (and
    `zipfile` stops at the announced size, the CRC check then failing)."""
    if info.flag_bits & _ENCRYPTED:
        raise invalid_roster(
            "L'archive zip est protégée par un mot de passe : importez-la sans mot de passe, "
            "ou importez directement le fichier XML."
        )
    if info.file_size > MAX_UNCOMPRESSED_BYTES:
        raise _too_big()
    ratio_limit = MAX_ZIP_RATIO * min(info.compress_size, archive_size)
    if info.file_size > ratio_limit:
        raise _too_compressed()
    limit = min(MAX_UNCOMPRESSED_BYTES, ratio_limit)
    inflated = io.BytesIO()
    with archive.open(info) as entry:
        while chunk := entry.read(_CHUNK):
            if inflated.tell() + len(chunk) > limit:
                raise _too_big() if limit == MAX_UNCOMPRESSED_BYTES else _too_compressed()
            inflated.write(chunk)
    return inflated.getvalue()


def _too_big() -> Exception:
    return invalid_roster(
        f"Le fichier XML de l'archive zip dépasse {_MEGABYTES} Mo une fois décompressé : "
        "ce n'est pas un export SIECLE."
    )


def _too_compressed() -> Exception:
    return invalid_roster(
        f"Le fichier XML de l'archive zip est plus de {MAX_ZIP_RATIO} fois plus gros que sa "
        "version compressée : ce n'est pas un export SIECLE."
    )
