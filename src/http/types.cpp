#include "http/types.hpp"

#include "http/router.hpp"

namespace jm::http {

std::string_view Request::header(std::string_view name) const {
  auto it = raw.find(boost::beast::string_view(name.data(), name.size()));
  if (it == raw.end()) return {};
  return {it->value().data(), it->value().size()};
}

const std::string& Request::param(std::string_view name) const {
  static const std::string empty;
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return empty;
}

std::string Principal::actor() const {
  switch (kind) {
    case Kind::user:
      return id;
    case Kind::api_key:
      return "apikey:" + id;
    case Kind::anonymous:
      break;
  }
  return "anonymous";
}

std::string Request::cookie(std::string_view name) const {
  std::string_view rest = header("Cookie");
  while (!rest.empty()) {
    auto semi = rest.find(';');
    auto pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    auto value = pair.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    if (!key || *key != name) continue;
    if (eq == std::string_view::npos) return std::string{};
    return percent_decode(pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

ErrorStyle Request::error_style() const {
  return route ? route->error_style : ErrorStyle::standard;
}

std::optional<std::string> percent_decode(std::string_view in, bool form_style) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = hex(in[i + 1]);
      int lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && form_style) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace jm::http
