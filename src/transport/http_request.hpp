#pragma once
// HTTP/1.1 requests (wick::HttpRequest) read incrementally with Beast's parser, and responses
// written as bytes. Nothing here does I/O.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <wick/http.hpp>
#include <wick/socket.hpp>

#include "net/peer.hpp"

namespace wick::detail {

/// What the application's connect() is told about a request (auth_token aside).
ConnectInfo connect_info(const HttpRequest& request, const Peer& peer);

/// The response as bytes; `keep_alive` false adds "connection: close".
std::string serialize(const HttpResponse& response, bool keep_alive);

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
