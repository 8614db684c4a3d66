package dev.weft.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.json.Json;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TaskTablesTest {

    @Test
    void statusShowsEachSubtaskWithResultsDigestValueAndLastFailure() {
        assertThat(TaskTables.status(TaskFixtures.running())).isEqualTo("""
                task 7d1e3c0b9a8f6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5c  RUNNING
                definition three-org-sales, owner Org1MSP (User1@org1.example.com), created 2026-11-21T10:00:01Z, \
                updated 2026-11-21T10:06:00Z
                parameters: region=north

                SUBTASK     OPERATION  PARTICIPANTS  STATUS     ATTEMPT  RESULTS  DIGEST        FAILURE
                org1-total  sum        Org1MSP       COMPLETED  1        1/1      1b4f0e985197  -
                org2-total  sum        Org2MSP       COMPLETED  1        1/1      4a44dc153642  -
                org3-total  sum        Org3MSP       READY      2        0/1      -             \
                TIMEOUT #1 by Org2MSP: timeout: attempt 1 was due at 2026-11-21T10:05:01Z
                total       combine    Org1MSP       PENDING    1        0/1      -             -

                results:
                  org1-total: {"count":5,"operation":"sum","sum":875,"value":875}
                  org2-total: {"count":5,"operation":"sum","sum":1375,"value":1375}

                failures:
                  org3-total attempt 1: TIMEOUT recorded by Org2MSP (User1@org2.example.com) at 2026-11-21T10:05:02Z: \
                timeout: attempt 1 was due at 2026-11-21T10:05:01Z
                """);
    }

    @Test
    void aDisagreementNamesTheDissentersAndEachParticipantsDigest() {
        String table = TaskTables.status(TaskFixtures.failed());
        assertThat(table).doesNotContain("results:");
        assertThat(table).contains("FAILED  1        3/3      -       "
                + "DISAGREEMENT #1 dissenters Org2MSP: participants returned different digests");
        assertThat(table).contains("check attempt 1: DISAGREEMENT recorded by Org2MSP (User1@org2.example.com) at "
                + "2026-11-21T11:00:09Z: participants returned different digests "
                + "[Org1MSP=d4735e3a265e, Org2MSP=6b86b273ff34, Org3MSP=d4735e3a265e; dissenters Org2MSP]");
    }

    @Test
    void listingsAlignTheirColumns() {
        JsonNode tasks = Json.SORTED.read("""
                [{"taskId":"t1","status":"RUNNING","definitionId":"echo-sum","ownerMsp":"Org1MSP",
                  "createdAt":"2026-11-21T10:00:00Z","updatedAt":"2026-11-21T10:00:00Z"},
                 {"taskId":"t22","status":"COMPLETED","definitionId":"three-org-sales","ownerMsp":"Org2MSP",
                  "createdAt":"2026-11-21T10:01:00Z"}]""", "x");
        assertThat(TaskTables.tasks(List.of(tasks.get(0), tasks.get(1)))).isEqualTo("""
                TASK  STATUS     DEFINITION       OWNER    CREATED               UPDATED
                t1    RUNNING    echo-sum         Org1MSP  2026-11-21T10:00:00Z  2026-11-21T10:00:00Z
                t22   COMPLETED  three-org-sales  Org2MSP  2026-11-21T10:01:00Z  -
                """);
    }

    @Test
    void definitionsShowTheFirstLineOfALongDescriptionCut() {
        JsonNode defs = Json.SORTED.read("""
                [{"id":"a","ownerMsp":"Org1MSP","registeredAt":"2026-11-21T09:00:00Z","subtasks":[{},{}],
                  "description":"%s\\nsecond line"},
                 {"id":"bb","ownerMsp":"Org2MSP","subtasks":[{}]}]""".formatted("x".repeat(70)), "x");
        assertThat(TaskTables.definitions(defs)).isEqualTo("""
                ID  REV  SUBTASKS  OWNER    REGISTERED            ACTIVE  DESCRIPTION
                a   0    2         Org1MSP  2026-11-21T09:00:00Z  -       %s…
                bb  0    1         Org2MSP  -                     -       -
                """.formatted("x".repeat(59)));
    }

    @Test
    @DisplayName("issue 9 item 1: `weft task definitions` shows who approved which digest and who is awaited")
    void definitionsShowApprovals() {
        JsonNode d = Json.SORTED.read("""
                {"id":"s","ownerMsp":"Org2MSP","revision":2,"digest":"%s","active":false,"awaiting":["Org3MSP"],
                 "registeredBy":"Org2MSP/x509::CN=Admin@org2.example.com,OU=admin::CN=ca",
                 "registeredAt":"2026-11-21T09:00:00Z",
                 "approvals":[
                  {"mspId":"Org2MSP","digest":"%1$s","by":"Org2MSP/x509::CN=Admin@org2.example.com,OU=admin::CN=ca",
                   "at":"2026-11-21T09:00:00Z","via":"RegisterDefinition"},
                  {"mspId":"Org3MSP","digest":"%s","by":"Org3MSP/x509::CN=Admin@org3.example.com,OU=admin::CN=ca",
                   "at":"2026-11-20T09:00:00Z","via":"ApproveDefinition"}],
                 "subtasks":[{"name":"a","operation":"sum","participants":["Org3MSP"],"timeoutSeconds":60,
                   "creatorParameters":{"region":{"type":"enum","values":["north"]}}}]}"""
                .formatted("a".repeat(64), "b".repeat(64)), "x");
        assertThat(TaskTables.definition(d)).startsWith("definition s, owner Org2MSP (Admin@org2.example.com), "
                + "registered 2026-11-21T09:00:00Z, revision 2, digest " + "a".repeat(64) + "\n")
                .contains("region\n")
                .endsWith("""
                approvals:
                  Org2MSP (Admin@org2.example.com) approved aaaaaaaaaaaa (current) at 2026-11-21T09:00:00Z via RegisterDefinition
                  Org3MSP (Admin@org3.example.com) approved bbbbbbbbbbbb (an older revision) at 2026-11-20T09:00:00Z via ApproveDefinition
                not active: awaiting Org3MSP
                """);
        assertThat(TaskTables.definitions(Json.SORTED.read("[" + d + "]", "x"))).contains(" awaiting Org3MSP ");
    }

    @Test
    void pendingShowsWhatAParticipantMustRun() {
        JsonNode ready = Json.SORTED.read("""
                {"taskId":"t1","subtaskId":"sum","operation":"sum","attempt":1,"participants":["Org1MSP"],
                 "inputs":[{"name":"param:values","digest":"d","value":"1,2,3"}],"definitionId":"echo-sum"}""", "x");
        assertThat(TaskTables.pending(List.of(ready))).isEqualTo("""
                TASK  SUBTASK  OPERATION  ATTEMPT  PARTICIPANTS  INPUTS  DEFINITION
                t1    sum      sum        1        Org1MSP       1       echo-sum
                """);
    }

    @Test
    void aDefinitionShowsItsSubtasksDependenciesAndParameters() {
        String shown = TaskTables.definition(Json.SORTED.read(TaskFixtures.example("three-org-sales.json"), "x"));
        assertThat(shown).startsWith("definition three-org-sales\nTotal sales of three organisations")
                .endsWith("""

                SUBTASK     OPERATION  PARTICIPANTS  DEPENDS ON                        TIMEOUT  PARAMETERS           CREATOR MAY SET
                org1-total  sum        Org1MSP       -                                 1200s    query=sales-amounts  -
                org2-total  sum        Org2MSP       -                                 1200s    query=sales-amounts  -
                org3-total  sum        Org3MSP       -                                 1200s    query=sales-amounts  -
                total       combine    Org1MSP       org1-total,org2-total,org3-total  1200s    -                    -
                """);
    }

    @Test
    void aRegisteredDefinitionNamesItsOwner() {
        JsonNode d = Json.SORTED.read("""
                {"id":"e","ownerMsp":"Org2MSP","registeredAt":"2026-11-21T09:00:00Z",
                 "registeredBy":"Org2MSP/x509::CN=Admin@org2.example.com,OU=admin::CN=ca",
                 "subtasks":[{"name":"s","operation":"sum","participants":["Org2MSP"],"timeoutSeconds":60}]}""", "x");
        assertThat(TaskTables.definition(d)).startsWith(
                "definition e, owner Org2MSP (Admin@org2.example.com), registered 2026-11-21T09:00:00Z\n");
    }

    @Test
    void whoShortensAQualifiedIdentityToItsCommonName() {
        assertThat(TaskTables.who("Org1MSP/x509::CN=Admin@org1.example.com,OU=admin::CN=ca.org1.example.com",
                "Org1MSP")).isEqualTo("Org1MSP (Admin@org1.example.com)");
        assertThat(TaskTables.who("Org1MSP/something-else", "Org1MSP")).isEqualTo("Org1MSP/something-else");
        assertThat(TaskTables.who(null, "Org1MSP")).isEqualTo("Org1MSP");
    }
}
