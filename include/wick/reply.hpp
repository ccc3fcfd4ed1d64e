#pragma once
// What a channel answers to a client's push. Returned from Channel::handle_in, or sent later
// through a ReplyHandle.
//
//   return wick::Reply::ok({{"id", 7}});                 // {"status":"ok","response":{"id":7}}
//   return wick::Reply::error({{"reason", "too_long"}});
//   return wick::Reply::none();                           // no reply at all
#include <optional>
#include <string>
#include <wick/payload.hpp>

namespace wick {

/// What handle_in answers: nothing, ok, error or any status, each with a response payload.
class Reply {
 public:
  /// No reply is sent (Phoenix's {:noreply, socket}).
  static Reply none() { return Reply(); }
  /// {"status":"ok","response":response}.
  static Reply ok(Payload response = {}) { return Reply("ok", std::move(response)); }
  /// {"status":"error","response":response}: phoenix.js calls receive("error").
  static Reply error(Payload response = {}) { return Reply("error", std::move(response)); }
  /// A reply with any status; phoenix.js calls the receive(status) hooks of that exact string.
  static Reply status(std::string status, Payload response = {}) {
    return Reply(std::move(status), std::move(response));
  }

  /// Whether no reply is sent (none()).
  bool empty() const { return !status_.has_value(); }
  /// The status string (not for none()).
  const std::string& status_text() const { return *status_; }
  /// The response payload; an empty JSON object when none was given, and for none().
  const Payload& response() const { return response_; }

 private:
  Reply() = default;
  Reply(std::string status, Payload response)
      : status_(std::move(status)), response_(std::move(response)) {}

  std::optional<std::string> status_;
  Payload response_;
};

/// The answer of Channel::join: accept (optionally with a response object), refuse, or answer
/// later through the JoinHandle of Channel::defer_join().
class JoinResult {
 public:
  /// The join is accepted; the client's join receives "ok" with `response`.
  static JoinResult ok(json::value response = json::object()) {
    return JoinResult(Kind::accepted, std::move(response));
  }
  /// The join is refused; the client's join receives "error" with `response` (Phoenix's
  /// {:error, reason}).
  static JoinResult error(json::value response) {
    return JoinResult(Kind::refused, std::move(response));
  }
  /// The join is answered later (after a database lookup, say) through a JoinHandle.
  static JoinResult deferred() { return JoinResult(Kind::deferred, nullptr); }

  /// Whether this is ok(): the join is accepted now.
  bool accepted() const { return kind_ == Kind::accepted; }
  /// Whether this is deferred(): the join is answered later, through a JoinHandle.
  bool is_deferred() const { return kind_ == Kind::deferred; }
  /// The response object of ok() or error().
  const json::value& response() const { return response_; }

 private:
  enum class Kind : unsigned char { accepted, refused, deferred };
  JoinResult(Kind kind, json::value response) : kind_(kind), response_(std::move(response)) {}

  Kind kind_;
  json::value response_;
};

}  // namespace wick
