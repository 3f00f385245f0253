"""Live updates over Socket.IO: the protocol, the namespace and the broadcaster."""
