namespace AeThexLive.Payments.Data.Migrations;

/// <summary>
/// What the database itself guarantees about the ledger, whatever code writes to it: every transaction balances per
/// currency and has at least two entries (checked at commit by deferred constraint triggers, so a transaction's rows
/// can be inserted in any order), nothing in it is ever updated, deleted or truncated, and each channel's balance
/// row follows its entries (written only by the ledger's trigger).
/// </summary>
internal static class LedgerGuarantees
{
    public const string Create = """
        CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END $$;

        CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
        CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
        CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
        CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

        CREATE FUNCTION ledger_assert_balanced(tx uuid) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            legs integer;
            unbalanced text;
        BEGIN
            SELECT count(*) INTO legs FROM ledger_entries WHERE transaction_id = tx;
            IF legs < 2 THEN
                RAISE EXCEPTION 'ledger transaction % has % entries; a movement needs at least two', tx, legs USING ERRCODE = 'check_violation';
            END IF;
            SELECT string_agg(currency || ' off by ' || total, ', ') INTO unbalanced
            FROM (SELECT currency, sum(amount_cents) AS total FROM ledger_entries WHERE transaction_id = tx
                  GROUP BY currency HAVING sum(amount_cents) <> 0) AS sums;
            IF unbalanced IS NOT NULL THEN
                RAISE EXCEPTION 'ledger transaction % does not balance: %', tx, unbalanced USING ERRCODE = 'check_violation';
            END IF;
        END $$;

        CREATE FUNCTION ledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM ledger_assert_balanced(NEW.transaction_id);
            RETURN NULL;
        END $$;

        CREATE FUNCTION ledger_transactions_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM ledger_assert_balanced(NEW.id);
            RETURN NULL;
        END $$;

        CREATE CONSTRAINT TRIGGER ledger_entries_balance AFTER INSERT ON ledger_entries
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entries_balanced();
        CREATE CONSTRAINT TRIGGER ledger_transactions_balance AFTER INSERT ON ledger_transactions
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transactions_balanced();

        CREATE FUNCTION channel_balances_follow_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO channel_balances (channel_id, currency, pending_cents, available_cents, updated_at)
            VALUES (NEW.channel_id, NEW.currency,
                    CASE WHEN NEW.account = 'creator_pending' THEN -NEW.amount_cents ELSE 0 END,
                    CASE WHEN NEW.account = 'creator_available' THEN -NEW.amount_cents ELSE 0 END,
                    now() AT TIME ZONE 'UTC')
            ON CONFLICT (channel_id, currency) DO UPDATE SET
                pending_cents = channel_balances.pending_cents + excluded.pending_cents,
                available_cents = channel_balances.available_cents + excluded.available_cents,
                updated_at = excluded.updated_at;
            RETURN NULL;
        END $$;

        CREATE TRIGGER ledger_entries_channel_balance AFTER INSERT ON ledger_entries
            FOR EACH ROW WHEN (NEW.channel_id IS NOT NULL) EXECUTE FUNCTION channel_balances_follow_ledger();

        CREATE FUNCTION channel_balances_only_from_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_trigger_depth() < 2 THEN
                RAISE EXCEPTION 'channel_balances follows the ledger; % refused', TG_OP USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$;

        CREATE TRIGGER channel_balances_guard BEFORE INSERT OR UPDATE OR DELETE ON channel_balances
            FOR EACH ROW EXECUTE FUNCTION channel_balances_only_from_ledger();
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS channel_balances_guard ON channel_balances;
        DROP TRIGGER IF EXISTS ledger_entries_channel_balance ON ledger_entries;
        DROP TRIGGER IF EXISTS ledger_transactions_balance ON ledger_transactions;
        DROP TRIGGER IF EXISTS ledger_entries_balance ON ledger_entries;
        DROP TRIGGER IF EXISTS ledger_entries_no_truncate ON ledger_entries;
        DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries;
        DROP TRIGGER IF EXISTS ledger_transactions_no_truncate ON ledger_transactions;
        DROP TRIGGER IF EXISTS ledger_transactions_append_only ON ledger_transactions;
        DROP FUNCTION IF EXISTS channel_balances_only_from_ledger();
        DROP FUNCTION IF EXISTS channel_balances_follow_ledger();
        DROP FUNCTION IF EXISTS ledger_transactions_balanced();
        DROP FUNCTION IF EXISTS ledger_entries_balanced();
        DROP FUNCTION IF EXISTS ledger_assert_balanced(uuid);
        DROP FUNCTION IF EXISTS ledger_refuse_change();
        """;
}
