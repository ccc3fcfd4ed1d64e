#pragma once
// Everything an application needs: include this one header.
#include <wick/channel.hpp>
#include <wick/channel_ref.hpp>
#include <wick/cluster.hpp>
#include <wick/config.hpp>
#include <wick/endpoint.hpp>
#include <wick/exit_reason.hpp>
#include <wick/http.hpp>
#include <wick/payload.hpp>
#include <wick/presence.hpp>
#include <wick/reply.hpp>
#include <wick/socket.hpp>
#include <wick/socket_handler.hpp>
#include <wick/stats.hpp>
#include <wick/token.hpp>
#include <wick/topic_router.hpp>
