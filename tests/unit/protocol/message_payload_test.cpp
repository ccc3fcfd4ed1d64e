#include "protocol/message_payload.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace wick::detail {
namespace {

TEST(MessagePayload, AcceptsObjectsAndBytes) {
  EXPECT_NO_THROW(require_message_payload(Payload(), "push"));
  EXPECT_NO_THROW(require_message_payload(Payload{{"body", "hi"}}, "push"));
  EXPECT_NO_THROW(require_message_payload(Payload(Binary{"\x01\x02"}), "broadcast"));
}

TEST(MessagePayload, RefusesEveryOtherJsonValueNamingTheCallAndTheKind) {
  const std::pair<json::value, const char*> refused[] = {
      {json::string("text"), "a string"}, {json::value(42), "a number"},
      {json::value(1.5), "a number"},     {json::array{1, 2}, "an array"},
      {json::value(nullptr), "null"},     {json::value(true), "a boolean"},
  };
  for (const auto& [value, kind] : refused) {
    try {
      require_message_payload(Payload(value), "broadcast_from");
      ADD_FAILURE() << "accepted " << kind;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()),
                std::string("broadcast_from: the payload must be a JSON object or wick::Binary, "
                            "got ") +
                    kind);
    }
  }
}

}  // namespace
}  // namespace wick::detail
