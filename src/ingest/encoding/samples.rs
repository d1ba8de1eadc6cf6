//! Test material: real Vietnamese sentences, encoders into every encoding
//! bantin reads, and the fixture files of `tests/fixtures/encodings/`.

use unicode_normalization::UnicodeNormalization;

use super::{syllable, tcvn3, vni, Encoding};

/// Bulletin-style sentences: every tone and vowel mark, capitals, numbers
/// and punctuation.
pub const SENTENCES: [&str; 42] = [
    "Theo Tổng cục Thống kê, chỉ số giá tiêu dùng tháng Năm tăng nhẹ so với tháng trước.",
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành khẩn trương triển khai kế hoạch phòng chống thiên tai.",
    "Kim ngạch xuất khẩu thủy sản trong quý đầu năm đạt hơn hai tỷ đô la Mỹ.",
    "Nông dân các huyện ven biển đang tập trung thu hoạch lúa trước mùa mưa bão.",
    "Bộ Y tế khuyến cáo người dân chủ động tiêm vắc xin và giữ gìn vệ sinh cá nhân.",
    "Hội nghị đã thông qua nghị quyết về phát triển kinh tế xã hội giai đoạn tới.",
    "Nhiều tuyến đường ở trung tâm thành phố bị ngập sâu sau trận mưa lớn kéo dài.",
    "Giá cà phê trong nước tiếp tục tăng, có nơi lên tới gần một trăm nghìn đồng mỗi ki lô gam.",
    "Sở Giáo dục và Đào tạo cho biết kỳ thi tốt nghiệp sẽ diễn ra an toàn, nghiêm túc.",
    "Lực lượng cứu hộ đã đưa hàng trăm hộ dân ra khỏi vùng nguy hiểm.",
    "Các doanh nghiệp nhỏ và vừa gặp khó khăn về vốn, thị trường và nguồn nhân lực.",
    "Chính quyền địa phương hỗ trợ mỗi gia đình bị thiệt hại năm triệu đồng.",
    "Dự báo trong những ngày tới, khu vực Bắc Bộ có mưa rào và dông rải rác.",
    "Người tiêu dùng nên lựa chọn sản phẩm có nguồn gốc rõ ràng, bảo đảm chất lượng.",
    "Công trình cầu mới được khởi công từ đầu năm và dự kiến hoàn thành vào cuối năm sau.",
    "Trường học ở vùng sâu vùng xa vẫn còn thiếu giáo viên và cơ sở vật chất.",
    "Thủ tướng Chính phủ chỉ đạo đẩy nhanh tiến độ giải ngân vốn đầu tư công.",
    "Bệnh viện tỉnh đã tiếp nhận và điều trị kịp thời cho các nạn nhân.",
    "Ngành du lịch kỳ vọng đón khoảng mười triệu lượt khách quốc tế trong năm nay.",
    "Những cánh đồng rau sạch đã giúp nhiều hộ nông dân thoát nghèo bền vững.",
    "Cơ quan chức năng đang điều tra làm rõ nguyên nhân vụ cháy xảy ra đêm qua.",
    "Chương trình xây dựng nông thôn mới đã làm thay đổi diện mạo nhiều làng quê.",
    "Ngân hàng Nhà nước điều chỉnh giảm lãi suất cho vay đối với một số lĩnh vực ưu tiên.",
    "Mực nước trên các sông ở miền Trung đang lên nhanh, vượt mức báo động ba.",
    "Ông Nguyễn Văn Hùng, chủ tịch xã, cho biết người dân rất phấn khởi.",
    "Huyện đã tổ chức tiêm phòng cho đàn gia súc, gia cầm để ngăn dịch lây lan.",
    "Khách hàng có thể tra cứu thông tin trên cổng dịch vụ công trực tuyến.",
    "Quyết định này có hiệu lực kể từ ngày ký và thay thế các văn bản trước đây.",
    "Đoàn công tác đã đến thăm hỏi, động viên các gia đình chính sách.",
    "Sản lượng điện tiêu thụ trong đợt nắng nóng tăng cao kỷ lục.",
    "Hợp tác xã đã ký hợp đồng bao tiêu sản phẩm với một công ty xuất khẩu.",
    "Thời tiết hôm nay: Hà Nội nhiều mây, ngày nắng, nhiệt độ cao nhất 35 độ C.",
    "Các em học sinh được hướng dẫn kỹ năng phòng tránh đuối nước trong dịp hè.",
    "Tàu cá của ngư dân Quảng Ngãi đã vào bờ an toàn trước khi cơn bão đổ bộ.",
    "Việc cải cách thủ tục hành chính giúp giảm thời gian và chi phí cho người dân.",
    "Tuyến xe buýt mới nối trung tâm thành phố với sân bay quốc tế.",
    "Mỗi người hãy là một tuyên truyền viên tích cực về bảo vệ môi trường.",
    "Lễ hội truyền thống thu hút đông đảo du khách thập phương về tham dự.",
    "Khuyến khích nông dân chuyển đổi cơ cấu cây trồng phù hợp với biến đổi khí hậu.",
    "Tình hình an ninh trật tự trên địa bàn cơ bản ổn định.",
    "BẢN TIN THỜI SỰ: Ủy ban Thường vụ Quốc hội họp phiên thứ mười hai.",
    "Đắk Lắk và Gia Lai khẩn trương khắc phục hậu quả hạn hán kéo dài.",
];

/// Windows-1258 as Windows writes it: a letter with a precomposed code
/// keeps it, other toned letters are their base (shape mark included)
/// then a combining tone mark. `always_combining` puts every tone in a
/// combining mark, as encoders that decompose fully do.
pub fn windows_1258(text: &str, always_combining: bool) -> Vec<u8> {
    let encode = |s: &str| -> Option<Vec<u8>> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(s);
        (!unmappable).then(|| bytes.into_owned())
    };
    // Combining tone marks in windows-1258: huyền, sắc, hỏi, ngã, nặng.
    const TONE_BYTES: [u8; 5] = [0xCC, 0xEC, 0xD2, 0xDE, 0xF2];
    let mut out = Vec::new();
    let mut buf = [0u8; 4];
    for c in text.nfc() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let split = syllable::split_tone(lower).filter(|&(_, tone)| tone != 0);
        let direct = encode(c.encode_utf8(&mut buf));
        match (direct, split) {
            (Some(bytes), None) => out.extend(bytes),
            (Some(bytes), Some(_)) if !always_combining => out.extend(bytes),
            (_, Some((base, tone))) => {
                let base: String = if c.is_uppercase() {
                    base.to_uppercase().collect()
                } else {
                    base.to_string()
                };
                out.extend(encode(&base).expect("base letters are in windows-1258"));
                out.push(TONE_BYTES[tone as usize - 1]);
            }
            (None, None) => out.push(b'?'),
        }
    }
    out
}

/// UTF-16 with a byte order mark.
pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let units = std::iter::once(0xFEFF).chain(text.encode_utf16());
    units
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

/// `text` in `encoding`, as a file in that encoding would hold it.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf16Le => utf16(text, false),
        Encoding::Utf16Be => utf16(text, true),
        Encoding::Windows1258 => windows_1258(text, false),
        Encoding::Tcvn3 => tcvn3::encode(text),
        Encoding::Vni => vni::encode(text),
        Encoding::Windows1252 => {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
            bytes.into_owned()
        }
    }
}

/// A file of `tests/fixtures/encodings/`.
pub struct Fixture {
    pub file: &'static str,
    /// The encoding detection must report; `None` for files that are not
    /// text.
    pub encoding: Option<Encoding>,
    /// The phrase, as written in the file, that a query should find.
    pub phrase: &'static str,
    /// The whole text, as it should decode (NFC for `nfd.txt`).
    pub text: &'static str,
}

pub const FIXTURES: [Fixture; 12] = [
    Fixture {
        file: "utf8.txt",
        encoding: Some(Encoding::Utf8),
        phrase: "giá lúa gạo tăng mạnh",
        text: "Bản tin thị trường nông sản\n\n\
               Theo Sở Nông nghiệp, giá lúa gạo tăng mạnh trong tuần qua vì nhu cầu thu mua \
               của các doanh nghiệp. Nông dân ở đồng bằng sông Cửu Long phấn khởi khi bán hết \
               lúa vụ đông xuân.\n",
    },
    Fixture {
        file: "utf8-bom.txt",
        encoding: Some(Encoding::Utf8),
        phrase: "mùa mưa bão năm nay",
        text: "Dự báo thời tiết tháng Chín\n\n\
               Các chuyên gia khí tượng nhận định mùa mưa bão năm nay đến sớm hơn mọi năm. \
               Người dân vùng ven biển cần theo dõi bản tin cảnh báo và chủ động chằng chống \
               nhà cửa.\n",
    },
    Fixture {
        file: "utf16le.txt",
        encoding: Some(Encoding::Utf16Le),
        phrase: "đường cao tốc Bắc Nam",
        text: "Giao thông dịp nghỉ lễ\n\n\
               Sáng nay, đoạn đường cao tốc Bắc Nam qua tỉnh Ninh Bình đông xe từ sớm. Lực \
               lượng cảnh sát giao thông đã phân luồng để tránh ùn tắc kéo dài.\n",
    },
    Fixture {
        file: "utf16be.txt",
        encoding: Some(Encoding::Utf16Be),
        phrase: "học sinh tựu trường",
        text: "Ngày khai giảng năm học mới\n\n\
               Hàng nghìn học sinh tựu trường trong không khí vui tươi. Các thầy cô giáo đã \
               chuẩn bị chu đáo lớp học, sách vở và đồng phục cho các em.\n",
    },
    Fixture {
        file: "cp1258.txt",
        encoding: Some(Encoding::Windows1258),
        phrase: "giá xăng dầu giảm",
        text: "Thông báo điều chỉnh giá nhiên liệu\n\n\
               Từ mười lăm giờ chiều nay, liên Bộ Công Thương và Tài chính quyết định giá xăng \
               dầu giảm nhẹ. Các cửa hàng bán lẻ phải niêm yết giá mới và bảo đảm nguồn cung ổn \
               định.\n",
    },
    Fixture {
        file: "tcvn3.txt",
        encoding: Some(Encoding::Tcvn3),
        phrase: "xuất khẩu thủy sản",
        text: "Kim ngạch xuất khẩu quý một\n\n\
               Theo báo cáo của Cục Hải quan, kim ngạch xuất khẩu thủy sản trong ba tháng đầu \
               năm đạt hơn hai tỷ đô la. Tôm, cá tra và cá ngừ vẫn là những mặt hàng chủ lực \
               của ngành.\n\n\
               SỞ CÔNG THƯƠNG TỈNH CÀ MAU\n",
    },
    Fixture {
        file: "vni.txt",
        encoding: Some(Encoding::Vni),
        phrase: "nuôi tôm nước lợ",
        text: "MÔ HÌNH KINH TẾ VEN BIỂN\n\n\
               Nhiều hộ dân ở huyện Năm Căn đã chuyển sang nuôi tôm nước lợ theo hướng hữu cơ. \
               Mô hình này cho thu nhập ổn định và giúp bảo vệ môi trường sinh thái.\n",
    },
    Fixture {
        file: "nfd.txt",
        encoding: Some(Encoding::Utf8),
        phrase: "quần thể di tích cố đô",
        text: "Bảo tồn di sản Huế\n\n\
               Công tác trùng tu quần thể di tích cố đô Huế được triển khai theo đúng quy trình \
               khoa học. Các nghệ nhân đã phục dựng nhiều hoa văn trang trí bằng kỹ thuật \
               truyền thống.\n",
    },
    Fixture {
        file: "old-tones.txt",
        encoding: Some(Encoding::Utf8),
        phrase: "công trình thuỷ lợi",
        text: "Hoà giải ở cơ sở\n\n\
               Tổ hoà giải thôn Đông đã giúp nhiều gia đình giữ gìn sự hoà thuận. Nhờ công \
               trình thuỷ lợi mới, bà con yên tâm sản xuất; sức khoẻ người dân cũng được chăm \
               lo tốt hơn.\n",
    },
    Fixture {
        file: "invalid-byte.txt",
        encoding: Some(Encoding::Utf8),
        phrase: "phòng chống dịch bệnh",
        text: "Phòng chống sốt xuất huyết\n\n\
               Ngành y tế địa phương đẩy mạnh phòng chống dịch bệnh trong những tháng nắng \
               nóng.\u{FFFD} Người dân cần diệt bọ gậy và ngủ màn để phòng muỗi đốt.\n",
    },
    Fixture {
        file: "empty.txt",
        encoding: Some(Encoding::Utf8),
        phrase: "",
        text: "",
    },
    Fixture {
        file: "binary.txt",
        encoding: None,
        phrase: "",
        text: "",
    },
];

/// The bytes of a fixture file.
pub fn fixture_bytes(fixture: &Fixture) -> Vec<u8> {
    match fixture.file {
        "utf8-bom.txt" => [b"\xEF\xBB\xBF", fixture.text.as_bytes()].concat(),
        "nfd.txt" => fixture.text.nfd().collect::<String>().into_bytes(),
        // The one invalid byte: 0xFF where the text has U+FFFD.
        "invalid-byte.txt" => fixture
            .text
            .split('\u{FFFD}')
            .map(str::as_bytes)
            .collect::<Vec<_>>()
            .join(&0xFF),
        "binary.txt" => {
            // A PNG signature and header chunk: NUL bytes, a few letters.
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
                .to_vec()
        }
        _ => encode(fixture.text, fixture.encoding.expect("text fixture")),
    }
}
