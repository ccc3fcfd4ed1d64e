#pragma once
// Writing JSON text by hand around already-serialized parts, so that a frame is built in one
// buffer without first assembling a json::value.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace wick::detail {

/// Appends `text` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view text);
/// Appends a JSON string, or `null` when there is none.
void append_json_string_or_null(std::string& out, std::optional<std::string_view> text);
void append_json_value(std::string& out, const boost::json::value& value);

}  // namespace wick::detail
