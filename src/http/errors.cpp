#include "http/errors.hpp"

namespace jm::http {

Response json_text_response(const Request& req, Status status, std::string body) {
  Response res{status, req.raw.version()};
  res.insert(beast_http::field::content_type, "application/json");
  res.body() = std::move(body);
  return res;
}

Response json_response(const Request& req, Status status, const nlohmann::json& body) {
  return json_text_response(req, status,
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response error_response(const Request& req, const ApiError& e) {
  nlohmann::json body;
  if (req.error_style() == ErrorStyle::legacy) {
    body = {{"success", false}, {"error", e.message}, {"code", e.code}};
    if (!e.field.empty()) body["field"] = e.field;
    if (!e.legacy_message.empty()) body["message"] = e.legacy_message;
  } else {
    nlohmann::json detail = {{"code", e.code}, {"message", e.message}};
    if (!e.field.empty()) detail["field"] = e.field;
    body = {{"error", std::move(detail)}};
  }
  body["requestId"] = req.request_id;
  return json_response(req, e.status, body);
}

Response error_response(const Request& req, Status status, std::string code, std::string message,
                        std::string field) {
  return error_response(req,
                        ApiError{status, std::move(code), std::move(message), std::move(field)});
}

}  // namespace jm::http
