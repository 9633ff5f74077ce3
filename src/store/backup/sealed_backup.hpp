#pragma once
// Backups are sealed at rest (security/file_seal.hpp) under the field key ring's current
// key: a stolen backup file or bucket gives away nothing without the keys. The dialects
// write a plain dump to a temporary file beside the backup; finish_backup seals it into
// place and records the key id in the manifest. A restore opens a sealed backup into a
// private temporary copy (mode 0600) for the dialect to read, and removes it afterwards.
// Backups written before sealing (manifest format 1) restore as they are.
#include <string>

#include "security/aead.hpp"
#include "store/backup/backup_manifest.hpp"

namespace jm::store::backup {

// Creates `tmp` empty with mode 0600 for the dialect to write its plain dump into (both
// SQLite and pg_dump keep an existing file's mode), so the dump is never readable by
// others in the seconds before it is sealed.
void create_private_file(const std::string& tmp);

// Seals the finished plain dump `tmp` into `out_path` (removing `tmp`), fills the
// manifest's file name, checksum (of the sealed bytes), key id and format, and writes it
// beside `out_path`.
void finish_backup(BackupManifest& m, const std::string& tmp, const std::string& out_path,
                   const security::KeyRing& keys);

// The plain dump of a backup whose manifest read_verified_manifest accepted: the file
// itself when plain, else a copy opened with `keys` in `work_dir`, removed with this.
class PlainBackup {
 public:
  PlainBackup(const std::string& backup_path, const BackupManifest& manifest,
              const security::KeyRing& keys, const std::string& work_dir);
  ~PlainBackup();
  PlainBackup(const PlainBackup&) = delete;
  PlainBackup& operator=(const PlainBackup&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool opened_ = false;  // path_ is our temporary copy
};

}  // namespace jm::store::backup
