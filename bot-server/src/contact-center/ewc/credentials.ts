/**
 * The chat's identity, issued by AACC when it accepts the chat: `guid` and `authenticationKey`, the only
 * credential for resuming it on a new socket. Real servers may leave the key out (Avaya's own fixture, or a
 * bare `newChatAcknowledgement`): such a chat works, but cannot be resumed after a drop or a restart.
 */
import type { Logger } from 'pino';

export class ChatCredentials {
  private guidValue: number | undefined;
  private key: string | undefined;

  constructor(
    private readonly log: Logger,
    resume?: { guid: number; authenticationKey: string },
  ) {
    this.guidValue = resume?.guid;
    this.key = resume?.authenticationKey;
  }

  get guid(): number | undefined {
    return this.guidValue;
  }

  /** AACC has issued a guid: the chat exists there. */
  get issued(): boolean {
    return this.guidValue !== undefined;
  }

  /** What a resume needs, when the chat can be resumed. */
  get resume(): { guid: number; authenticationKey: string } | undefined {
    const { guidValue: guid, key } = this;
    return guid !== undefined && key !== undefined ? { guid, authenticationKey: key } : undefined;
  }

  /** The secret to store: empty for a chat without a key (the record still marks the chat as live). */
  get storedSecret(): string {
    return this.key ?? '';
  }

  /** Take the credentials of an accepted chat; true when it was a resume of a known chat. */
  accept(guid: number, key: string | undefined): boolean {
    const resumed = this.issued;
    if (resumed && guid !== this.guidValue) this.log.warn('AACC resumed the chat under a different guid');
    this.guidValue = guid;
    if (key !== undefined) this.key = key;
    else if (!resumed)
      this.log.warn('AACC accepted the chat without authenticationKey: it cannot be resumed after a drop or restart');
    return resumed;
  }

  /** A requestChat notification after newChatAcknowledgement: false when it is about another chat. */
  complete(guid: number, key: string | undefined): boolean {
    if (guid !== this.guidValue) {
      this.log.warn('requestChat notification for another guid ignored');
      return false;
    }
    if (key !== undefined && this.key === undefined) {
      this.key = key;
      this.log.info('authenticationKey received after newChatAcknowledgement: the chat is resumable');
    }
    return true;
  }
}
