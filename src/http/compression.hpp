#pragma once
#include <string>
#include <string_view>

namespace jm::http {

// "gzip" listed in Accept-Encoding and not refused with a zero quality.
bool accepts_gzip(std::string_view accept_encoding);
// gzip (level 6, as the original used); false if zlib fails.
bool gzip_compress(std::string_view in, std::string& out);

}  // namespace jm::http
