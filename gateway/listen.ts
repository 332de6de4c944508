/** Starts a node:http server on a host and port and gives back its address and a close that ends open connections. */
import type * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

export function listen(server: http.Server, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { address, port: bound } = server.address() as AddressInfo;
      resolve({
        address,
        port: bound,
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
