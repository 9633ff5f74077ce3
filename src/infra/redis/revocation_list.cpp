#include "infra/redis/revocation_list.hpp"

#include <charconv>

#include "util/log.hpp"

namespace jm::infra {

namespace {

constexpr std::size_t kPruneEvery = 256;

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Values are "<value> <until>" (the key also expires at <until>).
std::string encode(std::int64_t value, std::int64_t until_s) {
  return std::to_string(value) + " " + std::to_string(until_s);
}

}  // namespace

RevocationList::RevocationList(RedisClient& commands, RedisClient& subscriber, const Clock& clock,
                               Counter& fallbacks, std::string prefix)
    : commands_(commands), clock_(clock), fallbacks_(fallbacks), prefix_(std::move(prefix)) {
  subscriber.subscribe({prefix_ + "revoked"},
                       [this](const std::string&, std::string payload) { on_message(payload); });
  commands_.on_ready([this] { reload("0"); });
}

void RevocationList::revoke_token(const std::string& jti, std::int64_t expires_at_s) {
  if (jti.empty()) return;
  Entry entry{expires_at_s, expires_at_s};
  apply("jti:" + jti, entry);
  store("jti:" + jti, entry);
}

void RevocationList::revoke_user_before(const std::string& sub, std::int64_t cutoff_s,
                                        std::int64_t until_s) {
  Entry entry{cutoff_s, until_s};
  apply("user:" + sub, entry);
  store("user:" + sub, entry);
}

// SET with EXAT, then PUBLISH "<id> <value> <until>". Without Redis the revocation holds
// on this instance only: counted as a fallback, and the others find it... never, which
// is why logout also revokes the refresh family in the store (authoritative).
void RevocationList::store(const std::string& id, Entry entry) {
  if (!commands_.up()) {
    fallbacks_.inc();
    return;
  }
  auto value = encode(entry.value, entry.until_s);
  commands_.command(
      {"SET", prefix_ + "revoked:" + id, value, "EXAT", std::to_string(entry.until_s)},
      [this](RedisResult result) {
        if (!result.ok()) fallbacks_.inc();
      });
  commands_.command({"PUBLISH", prefix_ + "revoked", id + " " + value}, [this](RedisResult result) {
    if (!result.ok()) fallbacks_.inc();
  });
}

void RevocationList::on_message(const std::string& payload) {
  auto first = payload.find(' ');
  auto second = payload.find(' ', first == std::string::npos ? first : first + 1);
  if (first == std::string::npos || second == std::string::npos) return;
  auto value = to_int(std::string_view(payload).substr(first + 1, second - first - 1));
  auto until = to_int(std::string_view(payload).substr(second + 1));
  if (!value || !until) return;
  apply(payload.substr(0, first), {*value, *until});
}

// SCAN pages of revoked:* keys and MGET their values; runs after every (re)connect.
void RevocationList::reload(std::string cursor) {
  commands_.command(
      {"SCAN", cursor, "MATCH", prefix_ + "revoked:*", "COUNT", "500"}, [this](RedisResult result) {
        if (!result.ok() || result.reply.elements.size() != 2) {
          log::warn("revocations_reload_failed", {{"why", result.reply.str}});
          return;
        }
        auto next = result.reply.elements[0].str;
        const auto& keys = result.reply.elements[1].elements;
        if (!keys.empty()) {
          std::vector<std::string> args{"MGET"};
          for (const auto& key : keys) args.push_back(key.str);
          commands_.command(args, [this, args](RedisResult values) {
            if (!values.ok()) return;
            auto skip = prefix_.size() + std::string_view("revoked:").size();
            for (std::size_t i = 0; i < values.reply.elements.size() && i + 1 < args.size(); ++i) {
              const auto& v = values.reply.elements[i].str;
              auto space = v.find(' ');
              if (space == std::string::npos) continue;
              auto value = to_int(std::string_view(v).substr(0, space));
              auto until = to_int(std::string_view(v).substr(space + 1));
              if (value && until && args[i + 1].size() > skip) {
                apply(args[i + 1].substr(skip), {*value, *until});
              }
            }
          });
        }
        if (next != "0") reload(next);
      });
}

void RevocationList::apply(const std::string& id, Entry entry) {
  auto now_s = clock_.now_ms() / 1000;
  std::lock_guard lock(mutex_);
  if (++applied_since_prune_ >= kPruneEvery) {
    applied_since_prune_ = 0;
    std::erase_if(entries_, [now_s](const auto& e) { return e.second.until_s < now_s; });
  }
  auto& slot = entries_[id];
  slot.value = std::max(slot.value, entry.value);
  slot.until_s = std::max(slot.until_s, entry.until_s);
}

bool RevocationList::is_revoked(const security::AccessClaims& claims) const {
  std::lock_guard lock(mutex_);
  if (entries_.empty()) return false;
  if (!claims.jti.empty() && entries_.count("jti:" + claims.jti)) return true;
  auto it = entries_.find("user:" + claims.sub);
  // Strictly before: a sign-in right after the revocation (same second) must work.
  return it != entries_.end() && claims.iat < it->second.value;
}

std::size_t RevocationList::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace jm::infra
