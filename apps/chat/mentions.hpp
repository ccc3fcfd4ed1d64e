#pragma once
// "@name" mentions in a message body: the distinct names, in order of first appearance.
#include <string>
#include <string_view>
#include <vector>

namespace chat {

/// Names are what usernames may be: letters, digits and '_', 3 to 32 of them.
std::vector<std::string> mentioned_names(std::string_view body);
bool valid_username(std::string_view name);

}  // namespace chat
