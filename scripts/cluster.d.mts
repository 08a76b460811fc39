export interface ClusterInstance {
  readonly name: string;
  readonly port: number;
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly pid: number | undefined;
  output(): string;
  start(): Promise<void>;
  signal(sig: NodeJS.Signals): void;
  exited(): Promise<number | string | null> | undefined;
  stop(sig?: NodeJS.Signals): Promise<void>;
}

export interface Cluster {
  readonly url: string;
  readonly wsUrl: string;
  readonly statsUrl: string;
  readonly ewcUrl: string;
  readonly simUrl: string | undefined;
  readonly instances: ClusterInstance[];
  backend(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  ewcUrl?: string;
  instances?: number;
  port?: number;
  simPort?: number;
  env?: Record<string, string>;
  instanceEnv?: Array<Record<string, string>>;
}

export declare function startCluster(opts: ClusterOptions): Promise<Cluster>;
export declare function freePort(): Promise<number>;
export declare function haproxyConfig(opts: {
  port: number;
  statsPort: number;
  servers: Array<{ name: string; port: number }>;
}): string;
