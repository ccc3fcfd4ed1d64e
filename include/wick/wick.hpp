#pragma once
// Everything an application needs: include this one header.
#include <wick/channel.hpp>
#include <wick/channel_ref.hpp>
#include <wick/endpoint.hpp>
#include <wick/http.hpp>
#include <wick/payload.hpp>
#include <wick/reply.hpp>
#include <wick/socket.hpp>
#include <wick/socket_handler.hpp>
#include <wick/token.hpp>
