/**
 * The official Sunshine Conversations v2 client ships no types: this declares the part the simulator's test drives
 * (the calls Parley makes), as the generated code behaves. Bodies and answers stay loosely typed on purpose: the
 * test checks them against the simulator, not against a hand-written copy of the spec.
 */
declare module 'sunshine-conversations-client' {
  namespace SunshineConversationsClient {
    /** Resolves with the parsed answer; rejects `{status, statusText, body, response, error}` on an HTTP error. */
    type Answer = Promise<Record<string, unknown>>;

    class ApiClient {
      /** Origin only: each API method appends `/v2/apps/...` itself. */
      basePath: string;
      timeout: number;
      authentications: {
        basicAuth: { type: 'basic'; username?: string; password?: string };
        bearerAuth: { type: 'bearer'; accessToken?: string };
      };
    }
    class MessagesApi {
      constructor(client?: ApiClient);
      postMessage(appId: string, conversationId: string, messagePost: object): Answer;
      listMessages(appId: string, conversationId: string, opts?: object): Answer;
    }
    class ActivitiesApi {
      constructor(client?: ApiClient);
      postActivity(appId: string, conversationId: string, activityPost: object): Answer;
    }
    class ConversationsApi {
      constructor(client?: ApiClient);
      getConversation(appId: string, conversationId: string): Answer;
      listConversations(appId: string, filter: object, opts?: object): Answer;
    }
    class UsersApi {
      constructor(client?: ApiClient);
      getUser(appId: string, userIdOrExternalId: string): Answer;
    }
    class ClientsApi {
      constructor(client?: ApiClient);
      listClients(appId: string, userIdOrExternalId: string, opts?: object): Answer;
    }
  }
  export = SunshineConversationsClient;
}
