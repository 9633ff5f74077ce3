#pragma once
// The one JSON error helper. Every error the service sends is built here:
//   {"error":{"code","message","field"?},"requestId"}
// and, on the original API's compatible paths (ErrorStyle::legacy):
//   {"success":false,"error":message,"code","field"?,"message"?,"requestId"}
#include <optional>
#include <string>
#include <string_view>

#include "http/types.hpp"

namespace jm::http {

struct ApiError {
  Status status = Status::bad_request;
  std::string code;     // stable machine code, e.g. "invalid_field"
  std::string message;  // one sentence for people
  std::string field;    // the offending input field, if any
  // Legacy shape only: the original's separate "message" next to its short "error".
  std::string legacy_message = {};  // (initialised: brace-initialisers may omit it)
};

Response error_response(const Request& req, const ApiError& error);
Response error_response(const Request& req, Status status, std::string code, std::string message,
                        std::string field = {});

// A JSON success response with the body already built.
Response json_response(const Request& req, Status status, const nlohmann::json& body);
// The same from JSON text the caller wrote itself (hot paths that skip the DOM).
Response json_text_response(const Request& req, Status status, std::string body);

}  // namespace jm::http
