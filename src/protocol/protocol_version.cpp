#include "protocol/protocol_version.hpp"

#include <charconv>
#include <string_view>

namespace wick::detail {
namespace {

bool read_number(std::string_view& text, unsigned* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (ec != std::errc() || end == text.data()) return false;
  text.remove_prefix(end - text.data());
  return true;
}

}  // namespace

std::optional<SerializerVersion> negotiate_version(const boost::json::value* vsn) {
  if (vsn == nullptr) return SerializerVersion::v1;
  if (!vsn->is_string()) return std::nullopt;
  std::string_view text = vsn->get_string();
  text = text.substr(0, text.find('+'));  // build metadata does not take part in matching
  unsigned major, minor, patch;
  if (!read_number(text, &major) || !text.starts_with('.')) return std::nullopt;
  text.remove_prefix(1);
  if (!read_number(text, &minor) || !text.starts_with('.')) return std::nullopt;
  text.remove_prefix(1);
  // Anything left after the patch number is a pre-release, which sorts below x.y.0: refused.
  if (!read_number(text, &patch) || !text.empty()) return std::nullopt;
  if (major == 1 && minor == 0) return SerializerVersion::v1;
  if (major == 2 && minor == 0) return SerializerVersion::v2;
  return std::nullopt;
}

}  // namespace wick::detail
