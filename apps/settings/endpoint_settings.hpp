#pragma once
// The settings of wick::EndpointConfig that every Wick program takes, as entries of a settings
// table: port, host, threads, TLS, origins, limits, transports, the cluster. wick-chat and
// wick-rooms add these, then their own.
#include <wick/config.hpp>

#include "settings.hpp"

namespace apps {

/// Adds one entry per endpoint setting, bound to `config` (whose values are the defaults).
void add_endpoint_settings(Settings& settings, wick::EndpointConfig& config);

}  // namespace apps
