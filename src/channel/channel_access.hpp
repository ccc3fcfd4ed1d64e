#pragma once
// The channel layer's one way into a Channel's binding (wick/detail/channel_binding.hpp): the
// socket sets it up and drives it, presence reads who the channel is.
#include <wick/channel.hpp>

namespace wick::detail {

class ChannelAccess {
 public:
  static ChannelBinding& binding(Channel& channel) { return channel.binding_; }
  static const ChannelBinding& binding(const Channel& channel) { return channel.binding_; }
};

/// Shorthand for ChannelAccess::binding.
inline ChannelBinding& bound(Channel& channel) { return ChannelAccess::binding(channel); }
inline const ChannelBinding& bound(const Channel& channel) {
  return ChannelAccess::binding(channel);
}

}  // namespace wick::detail
