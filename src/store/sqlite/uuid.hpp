#pragma once
// Random (version 4) UUIDs for users.public_id: the id we show outside the service,
// so the sequential row id never leaks how many players exist.
#include <string>

namespace jm::store::sqlite {

// Lower-case canonical form, e.g. "3f2b8c9e-1d4a-4f6b-9a0c-5e7d8f9a1b2c".
std::string make_uuid_v4();

}  // namespace jm::store::sqlite
