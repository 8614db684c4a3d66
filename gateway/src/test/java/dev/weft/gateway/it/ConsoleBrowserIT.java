package dev.weft.gateway.it;

import static dev.weft.gateway.it.WeftCli.approve;
import static dev.weft.gateway.it.WeftCli.profile;
import static dev.weft.gateway.it.WeftCli.read;
import static dev.weft.gateway.it.WeftCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.admin.AdminServer;
import dev.weft.gateway.admin.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless browser (Debian's chromium through its
 * chromedriver, driven by Selenium): Org1's console is served on a mutual-TLS
 * admin port over the real channel, with the three organisations' services
 * running tasks. The browser holds Org1's Admin TLS client identity in its own
 * NSS database (auto-selected for 127.0.0.1 by the managed policy that
 * {@code ./test-network.sh test} installs) and trusts Org1's TLS CA. The test
 * creates a task, opens its page, and watches the drawn DAG's subtasks change
 * state until the page shows COMPLETED; then it takes a screenshot of every page
 * into {@code docs/console-*.png}.
 */
@ExtendWith(RealNetwork.class)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** An NSS database under {@code home} with Org1 Admin's TLS client identity and Org1's TLS CA. */
    private static void browserIdentity(Path home) throws Exception {
        Path nss = home.resolve(".pki/nssdb");
        Files.createDirectories(nss);
        Path tls = RealNetwork.profile("org1").connection("Admin", 0).certificate().toAbsolutePath().getParent()
                .getParent().getParent().resolve("tls");
        Path ca = RealNetwork.profile("org1").gatewayTls().trustedCa();
        Path p12 = home.resolve("admin.p12");
        String db = "sql:" + nss;
        for (List<String> cmd : List.of(
                List.of("certutil", "-N", "-d", db, "--empty-password"),
                List.of("certutil", "-A", "-d", db, "-n", "weft-org1-tlsca", "-t", "C,,", "-i", ca.toString()),
                List.of("openssl", "pkcs12", "-export", "-in", tls.resolve("client.crt").toString(), "-inkey",
                        tls.resolve("client.key").toString(), "-name", "weft-org1-admin", "-out", p12.toString(),
                        "-passout", "pass:"),
                List.of("pk12util", "-i", p12.toString(), "-d", db, "-W", ""))) {
            RealNetwork.run(cmd, Map.of("PATH", System.getenv("PATH"))).orThrow();
        }
        Files.delete(p12);
    }

    private static WebDriver browser(Path home) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,860", "--user-data-dir=" + home.resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .withEnvironment(Map.of("HOME", home.toString())).build();
        return new ChromeDriver(service, options);
    }

    /** Waits until the console shows {@code page} (its main element names the page it rendered last). */
    private static void shown(WebDriver driver, String page) {
        waiting(driver).until(d -> !d.findElements(By.cssSelector("main[data-page='" + page + "']")).isEmpty());
    }

    /**
     * A wait that reads again when the console redrew what it was reading (it re-renders every second, and
     * on a channel other tests share the task list is long enough to be redrawn mid-read).
     */
    private static WebDriverWait waiting(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path out = RealNetwork.repo().resolve("docs").resolve("console-" + name + ".png");
        Files.write(out, png);
    }

    @Test
    @DisplayName("the console in a headless browser follows a new task's DAG, subtask by subtask, to COMPLETED")
    void consoleFollowsATaskToCompleted(@TempDir Path dir) throws Exception {
        assertThat(CHROMIUM).as("chromium (./test-network.sh test installs it)").isExecutable();
        assertThat(DRIVER).as("chromium-driver (./test-network.sh test installs it)").isExecutable();
        String definition = "it-console-" + System.nanoTime();
        WeftCli.Run define = run("task", "define", RealNetwork.repo().resolve("examples/tasks/three-org-sales.json").toString(),
                "--id", definition, "--user", "Admin", "--profile", profile("org3"));
        assertThat(define.code).as(define.all()).isZero();
        approve(definition, "org1", "org2");
        Path home = dir.resolve("browser");
        browserIdentity(home);
        Map<String, OrgServices> services = OrgServices.start(dir.resolve("orgs"), "org1", "org2", "org3");
        OrgServices org1 = services.get("org1");
        WebDriver driver = null;
        try (AdminServer admin = Console.install(AdminServer.builder("127.0.0.1", 0,
                RealNetwork.profile("org1").gatewayTls()), () -> org1.chain, org1.engines).build().start()) {
            driver = browser(home);
            String base = "https://127.0.0.1:" + admin.port() + "/";
            driver.get(base + "#tasks");
            shown(driver, "tasks");
            waiting(driver).until(d -> {
                String text = d.findElement(By.tagName("main")).getText();
                return text.contains("RUNNING") && text.contains("COMPLETED");
            });

            WeftCli.Run created = run("task", "create", definition, "--profile", profile("org2"), "-o", "json");
            assertThat(created.code).as(created.all()).isZero();
            String taskId = read(created.out).path("taskId").asText();
            driver.get(base + "#task/" + taskId);

            // Follow the drawn DAG: every state each subtask shows, until the task shows COMPLETED.
            Map<String, Set<String>> seen = new java.util.TreeMap<>();
            List<String> taskStates = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            String state = "";
            while (!state.equals("COMPLETED") && System.nanoTime() < until) {
                List<WebElement> status = driver.findElements(By.id("task-status"));
                if (!status.isEmpty()) {
                    try {
                        state = status.get(0).getText();
                        if (taskStates.isEmpty() || !taskStates.get(taskStates.size() - 1).equals(state)) {
                            taskStates.add(state);
                        }
                        for (WebElement node : driver.findElements(By.cssSelector("svg#dag g.node"))) {
                            seen.computeIfAbsent(node.getAttribute("data-subtask"), k -> new LinkedHashSet<>())
                                    .add(node.getAttribute("data-status"));
                        }
                    } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                        continue;
                    }
                }
                Thread.sleep(300);
            }
            assertThat(state).as("task states the page showed: " + taskStates + "; subtasks: " + seen)
                    .isEqualTo("COMPLETED");
            assertThat(taskStates).as("the page showed the task running before it completed")
                    .containsSubsequence("RUNNING", "COMPLETED");
            assertThat(seen).hasSize(4);
            assertThat(seen.values()).allSatisfy(states -> assertThat(states).contains("COMPLETED"));
            assertThat(seen.values().stream().filter(states -> states.size() > 1).count())
                    .as("subtasks drawn in more than one state as their events arrived: " + seen).isPositive();
            waiting(driver).until(d -> {
                List<WebElement> nodes = d.findElements(By.cssSelector("svg#dag g.node"));
                return nodes.size() == 4 && nodes.stream().allMatch(n -> "COMPLETED".equals(n.getAttribute("data-status")))
                        && d.findElements(By.cssSelector("svg#dag path.edge")).size() == 3;
            });
            screenshot(driver, "task");

            driver.get(base + "#tasks");
            waiting(driver).until(d -> d.findElements(By.cssSelector("main[data-page='tasks'] a.task-link"))
                    .stream().anyMatch(a -> a.getText().equals(taskId)));
            screenshot(driver, "tasks");
            for (String page : List.of("engines", "proposals", "rollouts", "masters")) {
                driver.get(base + "#" + page);
                shown(driver, page);
                screenshot(driver, page);
            }
            driver.get(base + "#engines");
            shown(driver, "engines");
            waiting(driver).until(d -> d.findElement(By.tagName("main")).getText()
                    .contains("127.0.0.1:" + org1.engine.port()));
        } finally {
            if (driver != null) {
                driver.quit();
            }
            OrgServices.closeAll(services);
        }
    }

}
