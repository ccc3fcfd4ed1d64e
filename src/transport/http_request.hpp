#pragma once
// HTTP/1.1 requests as plain values, read incrementally with Beast's parser, and responses
// written as bytes. Nothing here does I/O.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <wick/socket.hpp>

namespace wick::detail {

/// The remote end of an HTTP connection.
struct Peer {
  std::string address;
  unsigned short port = 0;
};

struct HttpRequest {
  std::string method;
  std::string path;                                          // the target before '?'
  std::string query;                                         // the target after '?', raw
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  bool keep_alive = true;

  std::optional<std::string_view> header(std::string_view lower_name) const;
  /// What the application's connect() is told about this request (auth_token aside).
  ConnectInfo connect_info(const Peer& peer) const;
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  /// The response as bytes; `keep_alive` false adds "connection: close".
  std::string serialize(bool keep_alive) const;
};

/// Feeds bytes to Beast's request parser until one whole request is read.
class HttpRequestReader {
 public:
  enum class State { need_more, done, error };

  HttpRequestReader(std::size_t max_header_bytes, std::size_t max_body_bytes);
  ~HttpRequestReader();

  /// Consumes what it can of `input` (the caller keeps the rest). On done, take() the request.
  State read(std::string_view input, std::size_t* consumed);
  HttpRequest take();
  /// The status to answer an error with (400, 413, 431).
  int error_status() const { return error_status_; }

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
  int error_status_ = 400;
};

}  // namespace wick::detail
