package moodstream.core.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaceCropTest {
    @Test
    void growsTheLargestFaceByTheMarginAboutItsCentre() {
        FaceCrop crop = new FaceCrop(0.25, 1.0);
        List<FaceBox> faces = List.of(new FaceBox(10, 10, 20, 20), new FaceBox(100, 80, 40, 40));
        assertThat(crop.region(400, 300, faces)).contains(new CropRegion(90, 70, 60, 60));
        assertThat(crop.region(400, 300, List.of())).isEmpty();
    }

    @Test
    void takesTheModelsAspect() {
        // 40x40 face, no margin, 2:1 model -> 80x40 about the face centre (120, 100)
        assertThat(new FaceCrop(0, 2.0).region(400, 300, List.of(new FaceBox(100, 80, 40, 40))))
                .contains(new CropRegion(80, 80, 80, 40));
        // a tall face box is widened, never cut
        assertThat(new FaceCrop(0, 1.0).region(400, 300, List.of(new FaceBox(100, 80, 40, 60))))
                .contains(new CropRegion(90, 80, 60, 60));
    }

    @Test
    void movesACropAtTheEdgeInsideTheImage() {
        assertThat(new FaceCrop(0.5, 1.0).region(200, 200, List.of(new FaceBox(0, 150, 40, 40))))
                .contains(new CropRegion(0, 120, 80, 80));
    }

    @Test
    void shrinksACropLargerThanTheImageKeepingTheAspect() {
        CropRegion r = new FaceCrop(1.0, 1.0).region(200, 100, List.of(new FaceBox(60, 10, 80, 80))).orElseThrow();
        assertThat(r).isEqualTo(new CropRegion(50, 0, 100, 100));
    }

    @Test
    void anyFaceInAnyImageGivesACropInsideItWithTheAspect() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            int w = 20 + random.nextInt(2000);
            int h = 20 + random.nextInt(2000);
            int fw = 1 + random.nextInt(w);
            int fh = 1 + random.nextInt(h);
            FaceBox face = new FaceBox(random.nextInt(w - fw + 1), random.nextInt(h - fh + 1), fw, fh);
            double aspect = 0.5 + random.nextDouble() * 1.5;
            CropRegion r = new FaceCrop(random.nextDouble() * 0.6, aspect).region(w, h, face);
            assertThat(r.fitsIn(w, h)).as("%s in %dx%d for %s", r, w, h, face).isTrue();
            // Rounding to whole pixels moves the aspect by at most a pixel's worth.
            assertThat(Math.abs(r.width() - r.height() * aspect)).as("%s aspect %s", r, aspect).isLessThanOrEqualTo(1 + aspect);
        }
    }

    @Test
    void cropsTheRegionAndRefusesOneOutside() {
        BufferedImage image = new BufferedImage(50, 40, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(FaceCrop.crop(image, new CropRegion(10, 5, 20, 30)).getWidth()).isEqualTo(20);
        assertThatThrownBy(() -> FaceCrop.crop(image, new CropRegion(40, 5, 20, 30))).hasMessageContaining("outside");
        assertThatThrownBy(() -> new FaceCrop(-0.1, 1)).hasMessageContaining("margin");
        assertThatThrownBy(() -> new FaceCrop(0.2, 0)).hasMessageContaining("aspect");
    }
}
