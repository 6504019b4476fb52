use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::Element;
use signdesk_e2e::{within, Result, Session, CALL};

/// Draws a polyline on the element with real WebDriver pointer actions.
pub(crate) async fn draw(s: &Session, canvas: &Element, points: &[(f64, f64)]) -> Result<()> {
    // Pointer actions do not scroll: bring the pad into the viewport first.
    within(
        CALL,
        "scroll pad into view",
        s.client.execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(canvas)?],
        ),
    )
    .await?;
    let mut m = MouseActions::new("pen".into()).then(PointerAction::MoveToElement {
        element: canvas.clone(),
        duration: None,
        x: points[0].0,
        y: points[0].1,
    });
    m = m.then(PointerAction::Down {
        button: MOUSE_BUTTON_LEFT,
    });
    for w in points.windows(2) {
        m = m.then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(12)),
            x: w[1].0 - w[0].0,
            y: w[1].1 - w[0].1,
        });
    }
    m = m.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    within(CALL, "draw", s.client.perform_actions(m)).await
}

/// Scrolls the agreement to its end, as a reader would, and waits until the
/// confirmation box unlocks.
pub(crate) async fn read_to_the_end(s: &Session) -> Result<()> {
    let reading = s.wait_for("[data-testid=reading]").await?;
    within(
        CALL,
        "scroll to the end",
        s.client.execute(
            "arguments[0].scrollTop = arguments[0].scrollHeight;",
            vec![serde_json::to_value(&reading)?],
        ),
    )
    .await?;
    s.wait_for("[data-testid=confirm-read]:not([disabled])")
        .await?;
    Ok(())
}

/// A signature-like scribble: a wave and a loop.
pub(crate) async fn scribble(s: &Session, canvas: &Element) -> Result<()> {
    let wave: Vec<(f64, f64)> = (0..40)
        .map(|i| (-160.0 + 8.0 * i as f64, 30.0 * ((i as f64) / 3.0).sin()))
        .collect();
    draw(s, canvas, &wave).await?;
    let loop_: Vec<(f64, f64)> = (0..24)
        .map(|i| {
            (
                60.0 + 25.0 * ((i as f64) / 4.0).cos(),
                -10.0 + 25.0 * ((i as f64) / 4.0).sin(),
            )
        })
        .collect();
    draw(s, canvas, &loop_).await
}

/// One person signs in the real app: fill in, read to the end, tick, a straight line is
/// refused, a real scribble is accepted, finalise; the archive holds the agreement.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_one_agreement_by_hand() -> Result<()> {
    let data = tempfile::tempdir()?;
    let s = Session::start(data.path()).await?;
    let r = async {
        s.click("button[data-route=ceremonies]").await?;
        s.click("[data-testid=tab-single]").await?;
        let name = s.wait_for("[data-testid=signer-name]").await?;
        within(CALL, "name", name.send_keys("王五")).await?;
        let no = s.wait_for("[data-testid=signer-no]").await?;
        within(CALL, "no", no.send_keys("E9001")).await?;
        s.screenshot("30-sign-setup").await?;
        s.click("[data-testid=sign-start]").await?;

        read_to_the_end(&s).await?;
        s.screenshot("31-sign-read").await?;
        s.click("[data-testid=confirm-read]").await?;
        s.wait_for("[data-testid=to-sign]:not([disabled])").await?;
        s.click("[data-testid=to-sign]").await?;

        let canvas = s.wait_for("[data-testid=signature-canvas]").await?;
        draw(
            &s,
            &canvas,
            &[(-150.0, 0.0), (-50.0, 1.0), (50.0, 0.0), (150.0, 1.0)],
        )
        .await?;
        s.click("[data-testid=finalise]").await?;
        let refusal = s
            .wait_text("[data-testid=signature-error]", |t| !t.is_empty())
            .await?;
        assert!(refusal.contains("直线"), "straight line refused: {refusal}");
        s.click("[data-testid=signature-clear]").await?;

        scribble(&s, &canvas).await?;
        s.screenshot("32-sign-pad").await?;
        s.click("[data-testid=finalise]").await?;
        let done = s
            .wait_text("[data-testid=sign-done]", |t| t.contains("SD-"))
            .await?;
        assert!(done.contains("已签署并归档"), "{done}");
        s.screenshot("33-sign-done").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;

    let desk = signdesk_e2e::desk(data.path())?;
    assert_eq!(desk.info()?.counts.agreements, 1);
    let hits = desk.search(&signdesk_core::dto::SearchFilters {
        text: "王五".into(),
        ..Default::default()
    })?;
    assert_eq!(hits.total, 1);
    let pdf = desk.agreement_pdf(hits.hits[0].id)?;
    let path = data.path().join("signed.pdf");
    std::fs::write(&path, pdf)?;
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()?;
    assert!(String::from_utf8_lossy(&text.stdout).contains("王五"));
    let images = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()?;
    let list = String::from_utf8_lossy(&images.stdout);
    assert!(
        list.lines().any(|l| l.contains(" smask ")),
        "the signature is embedded with transparency:\n{list}"
    );
    Ok(())
}
