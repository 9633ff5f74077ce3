#include "store/backup/sealed_backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "security/file_seal.hpp"
#include "security/random.hpp"
#include "store/backup/table_digest.hpp"

namespace jm::store::backup {

namespace fs = std::filesystem;

void create_private_file(const std::string& tmp) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create '" + tmp + "': " + std::strerror(errno));
  ::close(fd);
}

void finish_backup(BackupManifest& m, const std::string& tmp, const std::string& out_path,
                   const security::KeyRing& keys) {
  const auto sealed = out_path + ".sealing";
  try {
    m.sealed_with = security::seal_file(keys, tmp, sealed);
    m.format_version = BackupManifest::kSealedFormat;
    m.backup_file = fs::path(out_path).filename().string();
    m.backup_sha256 = file_sha256(sealed);
    fs::remove(tmp);
    fs::rename(sealed, out_path);
  } catch (...) {
    fs::remove(sealed);
    throw;
  }
  write_manifest(m, manifest_path_for(out_path));
}

PlainBackup::PlainBackup(const std::string& backup_path, const BackupManifest& manifest,
                         const security::KeyRing& keys, const std::string& work_dir)
    : path_(backup_path) {
  if (manifest.sealed_with.empty()) return;
  path_ = (fs::path(work_dir) / (".journeyman-restore-" + security::random_token(8))).string();
  opened_ = true;
  try {
    security::open_sealed_file(keys, backup_path, path_);
  } catch (...) {
    fs::remove(path_);
    throw;
  }
}

PlainBackup::~PlainBackup() {
  if (!opened_) return;
  std::error_code ignored;
  fs::remove(path_, ignored);
}

}  // namespace jm::store::backup
