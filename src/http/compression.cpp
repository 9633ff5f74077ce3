#include "http/compression.hpp"

#include <zlib.h>

#include <cstdlib>

namespace jm::http {

bool accepts_gzip(std::string_view accept_encoding) {
  auto pos = accept_encoding.find("gzip");
  if (pos == std::string_view::npos) return false;
  auto params = accept_encoding.substr(pos + 4);
  params = params.substr(0, params.find(','));
  auto q = params.find("q=");
  if (q == std::string_view::npos) return true;
  return std::strtod(std::string(params.substr(q + 2)).c_str(), nullptr) > 0.0;
}

bool gzip_compress(std::string_view in, std::string& out) {
  z_stream zs{};
  // windowBits 15 + 16 selects the gzip wrapper.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  out.resize(deflateBound(&zs, static_cast<uLong>(in.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END;
}

}  // namespace jm::http
