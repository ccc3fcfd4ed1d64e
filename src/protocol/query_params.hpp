#pragma once
// Query strings as Plug decodes them: percent-decoding ('+' is a space), empty pairs skipped,
// bracket keys nested ("user[id]=1" → {"user":{"id":"1"}}, "k[]=a&k[]=b" → {"k":["a","b"]}).
// Every leaf is a string.
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace wick::detail {

boost::json::object parse_query(std::string_view query);
std::string percent_decode(std::string_view text);

}  // namespace wick::detail
