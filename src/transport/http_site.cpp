#include "transport/http_site.hpp"

namespace wick::detail {

const Mount* HttpSite::find_websocket_mount(std::string_view path) const {
  if (!config.websocket) return nullptr;
  for (const Mount& mount : mounts) {
    if (mount.websocket_path == path) return &mount;
  }
  return nullptr;
}

const Mount* HttpSite::find_longpoll_mount(std::string_view path) const {
  if (!config.longpoll) return nullptr;
  for (const Mount& mount : mounts) {
    if (mount.longpoll_path == path) return &mount;
  }
  return nullptr;
}

}  // namespace wick::detail
