#include "transport/origin_check.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace wick::detail {
namespace {

struct Origin {
  std::string scheme;  // empty in a pattern: any
  std::string host;
  std::string port;  // empty in a pattern: any
};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "scheme://host[:port]" or, for patterns, "//host[:port]".
std::optional<Origin> parse(std::string_view text, bool pattern) {
  Origin origin;
  std::size_t slashes = text.find("//");
  if (slashes == std::string_view::npos) return std::nullopt;
  if (slashes > 0) {
    if (text[slashes - 1] != ':') return std::nullopt;
    origin.scheme = lower(text.substr(0, slashes - 1));
  } else if (!pattern) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(slashes + 2);
  rest = rest.substr(0, rest.find('/'));
  std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos) {
    origin.port = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  origin.host = lower(rest);
  if (origin.host.empty()) return std::nullopt;
  if (!pattern && origin.port.empty()) origin.port = origin.scheme == "https" ? "443" : "80";
  return origin;
}

bool host_matches(const std::string& host, const std::string& pattern) {
  if (pattern.starts_with("*.")) {
    std::string_view domain = std::string_view(pattern).substr(2);
    return host == domain || (host.size() > domain.size() + 1 && host.ends_with(domain) &&
                              host[host.size() - domain.size() - 1] == '.');
  }
  return host == pattern;
}

}  // namespace

bool origin_allowed(std::string_view origin_text, const std::vector<std::string>& allowed) {
  std::optional<Origin> origin = parse(origin_text, false);
  if (!origin) return false;
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& entry) {
    std::optional<Origin> pattern = parse(entry, true);
    return pattern && (pattern->scheme.empty() || pattern->scheme == origin->scheme) &&
           (pattern->port.empty() || pattern->port == origin->port) &&
           host_matches(origin->host, pattern->host);
  });
}

}  // namespace wick::detail
