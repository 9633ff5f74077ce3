#pragma once
// Seals whole files for storage at rest (backups) with libsodium's secretstream
// (XChaCha20-Poly1305 over 64 KiB chunks): an altered, reordered, dropped or appended
// chunk and a cut-off file all fail to open. The stream key is derived from a field key
// (aead.hpp's KeyRing) with libsodium's KDF, so a file and a sealed field never share a
// key; the file names the field key id it was sealed under, so files sealed before a
// rotation still open while the old key stays in the ring.
//
// Layout: "JMSEAL1\n", one byte n, n bytes of key id, the 24-byte secretstream header,
// then records of a 4-byte big-endian length and that many bytes of ciphertext; the last
// record carries TAG_FINAL. The magic and the key id are authenticated with the first
// record.
#include <string>

#include "security/aead.hpp"

namespace jm::security {

// True when the file at `path` starts like a sealed file (it may still fail to open).
bool is_sealed_file(const std::string& path);

// Writes `out_path` (mode 0600, replaced if present) sealing `in_path` under the ring's
// current key; returns that key's id. Throws std::runtime_error on I/O failure and
// std::invalid_argument when the current key is missing or not 32 bytes.
std::string seal_file(const KeyRing& ring, const std::string& in_path, const std::string& out_path);

// Writes `out_path` (mode 0600) with what `in_path` sealed. Throws std::runtime_error
// naming the cause: not a sealed file, a key id the ring lacks, altered or cut-off
// content. `out_path` may hold a partial plaintext then; the caller removes it.
void open_sealed_file(const KeyRing& ring, const std::string& in_path, const std::string& out_path);

}  // namespace jm::security
