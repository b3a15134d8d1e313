#!/usr/bin/env python3
"""A TCP proxy in front of one PostgreSQL node, for bin/chaos --ha's "network cut" fault: the APIs and workers reach
the node through it, Patroni's replication does not. SIGSTOP on this process is a cut between the clients and the
node (connections stay open, nothing arrives, new connections are accepted by the kernel and then hang, as in a
partition); SIGCONT heals it. Usage: tcp-proxy.py LISTEN_PORT TARGET_PORT (both on 127.0.0.1)."""
import asyncio
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main(listen, target):
    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
