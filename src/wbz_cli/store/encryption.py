"""Encrypted backup files: AES-256-GCM with a key derived from a passphrase by scrypt.

File layout (all integers big-endian)::

    magic    8 bytes  b"WBZBAK\\x00\\x01"
    version  1 byte   1
    log2_n   1 byte   scrypt cost N = 2**log2_n
    r        1 byte   scrypt block size
    p        1 byte   scrypt parallelism
    salt    16 bytes  random
    nonce   12 bytes  random
    body     rest     AES-GCM ciphertext of the SQLite file, with the 16-byte tag at the end

The 40-byte header is authenticated as associated data, so a changed parameter or a
truncated file fails to decrypt instead of giving garbage.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from wbz_cli.domain.errors import InvalidInput

MAGIC = b"WBZBAK\x00\x01"
VERSION = 1
HEADER = struct.Struct(">8sBBBB16s12s")
#: scrypt N = 2**15, r = 8, p = 1: 32 MiB of memory, about 0.1 s on a laptop. These are the
#: only parameters written, and the only ones a backup's header is accepted with.
DEFAULT_LOG2_N = 15
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class Params:
    log2_n: int = DEFAULT_LOG2_N
    r: int = 8
    p: int = 1


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(f"备份密码太短：至少 {MIN_PASSPHRASE} 个字符，请换一个更长的密码")
    return passphrase


def _key(passphrase: str, salt: bytes, params: Params) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=salt, length=32, n=2**params.log2_n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


def encrypt(data: bytes, passphrase: str, params: Params | None = None) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = params or Params()
    salt, nonce = os.urandom(16), os.urandom(12)
    header = HEADER.pack(MAGIC, VERSION, params.log2_n, params.r, params.p, salt, nonce)
    body = AESGCM(_key(passphrase, salt, params)).encrypt(nonce, data, header)
    return header + body


def decrypt(blob: bytes, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(blob) < HEADER.size + 16 or not is_encrypted(blob):
        raise InvalidInput("加密备份文件不完整或已损坏，无法解密：请换一份备份")
    _magic, version, log2_n, r, p, salt, nonce = HEADER.unpack_from(blob)
    if version != VERSION:
        raise InvalidInput(f"加密备份的格式版本 {version} 不受支持：请升级 wbz 后再恢复")
    if Params(log2_n, r, p) != Params():
        # Checked before deriving: a header asking for N = 2**22, p = 16 would make scrypt
        # take gigabytes and minutes before the passphrase could be found wrong.
        raise InvalidInput(
            f"加密备份的密钥参数（N=2^{log2_n}, r={r}, p={p}）不是 wbz 写入的参数，"
            "拒绝解密：文件头已损坏或被改动，请换一份由 wbz backup --encrypt 生成的备份"
        )
    header = blob[: HEADER.size]
    key = _key(passphrase, salt, Params(log2_n, r, p))
    try:
        return AESGCM(key).decrypt(nonce, blob[HEADER.size :], header)
    except InvalidTag:
        raise InvalidInput(
            "备份密码不正确（或备份文件已损坏），无法解密：请核对密码后重试，数据库未被修改"
        ) from None
