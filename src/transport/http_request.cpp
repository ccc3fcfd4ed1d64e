#include "transport/http_request.hpp"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>

namespace wick::detail {

namespace http = boost::beast::http;

struct HttpRequestReader::Parser {
  http::request_parser<http::string_body> parser;
};

ConnectInfo connect_info(const HttpRequest& request, const Peer& peer) {
  ConnectInfo info;
  info.peer_address = peer.address;
  info.peer_port = peer.port;
  info.headers = request.headers;
  info.path = request.path;
  return info;
}

std::string serialize(const HttpResponse& response, bool keep_alive) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " ";
  out += http::obsolete_reason(static_cast<http::status>(response.status));
  out += "\r\n";
  if (response.status != 101) {
    out += "content-type: " + response.content_type + "\r\n";
    out += "content-length: " + std::to_string(response.body.size()) + "\r\n";
    if (!keep_alive) out += "connection: close\r\n";
  }
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  out += "\r\n";
  out += response.body;
  return out;
}

HttpRequestReader::HttpRequestReader(std::size_t max_header_bytes, std::size_t max_body_bytes)
    : parser_(std::make_unique<Parser>()) {
  parser_->parser.header_limit(static_cast<std::uint32_t>(max_header_bytes));
  parser_->parser.body_limit(max_body_bytes);
}

HttpRequestReader::~HttpRequestReader() = default;

HttpRequestReader::State HttpRequestReader::read(std::string_view input, std::size_t* consumed) {
  *consumed = 0;
  auto& parser = parser_->parser;
  while (!parser.is_done()) {
    boost::system::error_code ec;
    std::size_t n =
        parser.put(boost::asio::buffer(input.data() + *consumed, input.size() - *consumed), ec);
    *consumed += n;
    if (ec == http::error::need_more) return State::need_more;
    if (ec) {
      if (ec == http::error::body_limit) error_status_ = 413;
      if (ec == http::error::header_limit) error_status_ = 431;
      return State::error;
    }
    if (n == 0) return State::need_more;
  }
  return State::done;
}

HttpRequest HttpRequestReader::take() {
  auto message = parser_->parser.release();
  HttpRequest request;
  request.method = std::string(message.method_string());
  std::string_view target = message.target();
  std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.keep_alive = message.keep_alive();
  request.body = std::move(message.body());
  return request;
}

}  // namespace wick::detail
